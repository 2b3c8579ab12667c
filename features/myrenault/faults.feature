@brand:myrenault
Feature: Faults of the networks around a Renault
  The confirmation e-mail gets lost or comes hours late; the phone loses its connection before the app
  hears the answer; the car drives into a dead zone with horn and lights on their way; the SMS
  that wakes a sleeping TCU comes too late. The user sees a clear outcome, can ask again, and
  nothing is left half-done.

  @req:D-REL-3 @req:MR-ACC-3 @needs-clock
  Scenario: A confirmation e-mail that comes hours late still completes the account
    Given the next e-mail arrives 3 hours late
    When the user creates a My Renault account from the app
    Then no e-mail reaches the user within 10 minutes
    When the user logs in to My Renault from the app
    Then the user is refused with "account_not_confirmed"
    When 3 hours pass
    And the user follows the link in the confirmation e-mail
    And the user logs in to My Renault from the app
    Then the user is logged in to the app

  @req:D-REL-3 @req:MR-ACC-3
  Scenario: A lost confirmation e-mail is sent again, and its link completes the account
    Given the next e-mail gets lost
    When the user creates a My Renault account from the web site
    Then no e-mail reaches the user within 10 minutes
    When the user logs in to My Renault from the app
    Then the user is refused with "account_not_confirmed"
    When the user asks for the confirmation e-mail again from the app
    Then the user receives a confirmation e-mail with a link
    When the user follows the link in the confirmation e-mail
    And the user logs in to My Renault from the app
    Then the user is logged in to the app
    When the user logs in to My Renault from the web site
    Then the user is logged in on the web site

  @req:D-REL-3 @req:MR-ACC-3 @needs-clock
  Scenario: A late first confirmation e-mail no longer confirms once a new one was asked for
    Given the next e-mail arrives 30 minutes late
    When the user creates a My Renault account from the app
    Then no e-mail reaches the user within 10 minutes
    When the user asks for the confirmation e-mail again from the app
    Then the user receives a confirmation e-mail with a link
    When 30 minutes pass
    And the user follows the link in the first confirmation e-mail
    Then the user is refused with "invalid_request"
    When the user logs in to My Renault from the app
    Then the user is refused with "account_not_confirmed"
    When the user follows the link in the confirmation e-mail
    And the user logs in to My Renault from the app
    Then the user is logged in to the app

  @req:D-REL-3 @req:MR-NET-1
  Scenario: The connection drops before the app hears that the account was created
    Given the phone of the user loses its connection before the next answer
    When the user creates a My Renault account from the app
    Then the user is refused with "no_internet"
    When the phone of the user is back online
    And the user follows the link in the confirmation e-mail
    And the user logs in to My Renault from the app
    Then the user is logged in to the app

  @req:D-REL-1 @req:MR-FEAT-1 @needs-clock
  Scenario: The car drives into a dead zone while horn and lights are on their way
    Given the user controls the car remotely with the PIN "4321"
    And the car drives into a dead zone for longer than the platform's declared command time-out while the next command is on its way
    When the user sends the remote command "horn and lights" to the car
    Then the app of the user shows the command as "car_unreachable" within the platform's declared command time-out
    And the car carries out no command within 5 minutes
    When the user sends the remote command "horn and lights" to the car
    Then the car carries out "horn and lights" exactly once within 2 minutes
    And the app of the user shows the command as "done"

  @req:D-REL-1 @req:MR-FEAT-1 @needs-clock
  Scenario: A wake-up SMS that comes too late: the command ends clearly and is not carried out later
    Given the user controls the car remotely with the PIN "8642"
    And the TCU of the car is asleep
    And the next SMS arrives later than the platform's declared command time-out
    When the user sends the remote command "horn and lights" to the car
    Then the app of the user shows the command as "car_unreachable" within the platform's declared command time-out
    And the car carries out no command within 30 minutes
    And the TCU of the car was woken by an SMS

  @req:D-REL-2 @req:MR-FEAT-1
  Scenario: The wake-up SMS arrives twice: horn and lights sound once
    Given the user controls the car remotely with the PIN "1357"
    And the TCU of the car is asleep
    And the next SMS arrives twice
    When the user sends the remote command "horn and lights" to the car
    Then the car carries out "horn and lights" exactly once within 2 minutes
    And the app of the user shows the command as "done"
