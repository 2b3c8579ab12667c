@brand:myrenault
Feature: Combinations: markets, several cars and phones, the time of day, the web site
  My Renault customers live in Denmark, Norway and Sweden, may have several cars, the same
  account on two phones and the web site, and program their cars late in the evening for the
  next morning. The web site is not the app: synchronisation is done from the app. Each car's
  commands, each account's charge pass and each brand's dealers stay their own.

  @req:MR-FEAT-2
  Scenario Outline: A customer in <market> controls a car sold there
    Given the user is a customer in <market>
    And the user controls the car remotely with the PIN "2468"
    When the user sends the remote command "<command>" to the car
    Then the car carries out "<command>" within 2 minutes

    Examples:
      | market  | command         |
      | Denmark | climate on      |
      | Norway  | horn and lights |
      | Sweden  | horn and lights |

  @req:MR-SYNC-1 @req:MR-FEAT-1
  Scenario: A command for one of two Renaults reaches only that car
    Given the user controls the car remotely with the PIN "2468"
    And the user has synchronised the other car
    And the user activates the services of the other car
    When the user sends the remote command "horn and lights" to the other car
    Then the other car carries out "horn and lights" within 2 minutes
    And the car carries out no command within 5 minutes

  @req:MR-EV-2 @needs-clock
  Scenario: Charging programmed late in the evening for 06:00 starts the next morning
    Given the user controls a car whose model offers "Charge scheduling" remotely with the PIN "3434"
    And it is 23:30 in the market of the car
    When the user programs charging of the car to start at 06:00
    Then the car carries out "schedule charging" within 2 minutes
    And the programmed charging of the car starts at 06:00

  @req:MR-EV-3 @needs-clock
  Scenario: Climate programmed at night for 07:30 is ready the next morning, not at once
    Given the user controls a car whose model offers "Climate scheduling" remotely with the PIN "7878"
    And it is 22:15 in the market of the car
    When the user programs the climate of the car to be ready at 07:30
    Then the car carries out "schedule climate" within 2 minutes
    And the programmed climate of the car starts at 07:30

  @req:MR-EV-4
  Scenario: Two customers have two charge passes
    Given the user controls the car remotely with the PIN "1111"
    And a stranger controls the other car remotely with the PIN "2222"
    Then the charge pass of the user is not the one of a stranger

  @req:MR-SYNC-3 @req:MR-FEAT-3
  Scenario: The web site cannot start a synchronisation
    Given the user has added the car to the account
    And the user sits in the car with the multimedia system on
    When the user presses "Synchronise vehicle" for the car on the web site
    Then the user is refused with "app_only"
    And the car is not synchronised with the user

  @req:MR-FEAT-1
  Scenario: A dealer search offers no dealers of the other brand
    Given the user is logged in to the My Renault app
    And dealers of the other brand are nearby too
    When the user looks for approved dealers within 30 km
    Then the app of the user lists the approved dealers within 30 km, nearest first
    And the app of the user lists no dealer of the other brand

  @req:MR-ACC-1
  Scenario: The same account logs in on two phones and on the web site
    Given the user is logged in to the My Renault app
    And the user is logged in to the app on a second phone
    When the user logs in to My Renault from the web site
    Then the user is logged in on the web site

  @req:D-SEC-1 @req:MR-ACC-1
  Scenario: Logging out of the app ends that session only
    Given the user controls the car remotely with the PIN "2468"
    And the user is logged in to the app on a second phone
    When the user logs out of the app
    Then the ended session of the user is refused everywhere
    And the user is still logged in on their second phone
