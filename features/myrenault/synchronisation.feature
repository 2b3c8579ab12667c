@brand:myrenault
Feature: Synchronising the My Renault account with the car
  To interact with the car, the app must first be synchronised with it: the user sits in the
  cabin, the car is parked where there is network coverage, the multimedia system is on. In the
  app: main menu, "Synchronise vehicle", confirm by pressing again, then follow the
  instructions on the multimedia screen. Without synchronisation the service contracts are out
  of reach. Once linked, later synchronisation happens automatically.

  Background:
    Given the user has added the car to the account

  @req:MR-SYNC-1 @req:MR-SYNC-2 @req:MR-SYNC-3
  Scenario: Synchronising when all four conditions hold
    Given the user sits in the car with the multimedia system on
    When the user presses "Synchronise vehicle" for the car and confirms by pressing again
    And the user follows the instructions on the multimedia screen of the car
    Then the app of the user shows the car as synchronised

  @req:MR-SYNC-3 @needs-clock
  Scenario: The multimedia screen still synchronises just before the declared time-out
    Given the user sits in the car with the multimedia system on
    When the user presses "Synchronise vehicle" for the car and confirms by pressing again
    And the platform's declared synchronisation time-out passes, less 30 seconds
    And the user follows the instructions on the multimedia screen of the car
    Then the app of the user shows the car as synchronised

  @req:MR-SYNC-3 @needs-clock
  Scenario: After the declared time-out the multimedia screen no longer synchronises
    Given the user sits in the car with the multimedia system on
    When the user presses "Synchronise vehicle" for the car and confirms by pressing again
    And the platform's declared synchronisation time-out passes
    And 10 seconds pass
    And the user follows the instructions on the multimedia screen of the car
    Then the car is not synchronised with the user

  @req:MR-SYNC-2
  Scenario Outline: No synchronisation when <condition>
    Given the user sits in the car with the multimedia system on
    But <condition>
    When the user synchronises the car from the app
    Then the synchronisation fails with the reason "<reason>"
    And the car is not synchronised with the user

    Examples:
      | condition                       | reason             |
      | the user is not in the cabin    | user_not_in_cabin  |
      | the car is driving              | vehicle_not_parked |
      | the car has no network coverage | no_coverage        |
      | the multimedia system is off    | multimedia_off     |

  @req:MR-SYNC-3
  Scenario: Pressing "Synchronise vehicle" once is not enough
    Given the user sits in the car with the multimedia system on
    When the user presses "Synchronise vehicle" for the car only once
    Then the user is refused with "confirmation_required"
    And the car is not synchronised with the user

  @req:MR-SYNC-1
  Scenario: Without synchronisation the app cannot interact with the car
    When the user locates the car on the app
    Then the user is refused with "not_synchronised"
    When the user sends the remote command "horn and lights" to the car
    Then the user is refused with "not_synchronised"
    And the car carries out no command within 5 minutes

  @req:MR-SYNC-4
  Scenario: Without synchronisation the service contracts are out of reach
    When the user opens "My services" for the car on the app
    Then the user is refused with "not_synchronised"
    Given the user has synchronised the car
    When the user opens "My services" for the car on the app
    Then "My services" shows "connected services" as active

  @req:MR-SYNC-5
  Scenario: Once linked, synchronisation after a multimedia restart is automatic
    Given the user has synchronised the car
    When the multimedia system of the car restarts
    And 10 minutes pass
    Then the app of the user shows the car as synchronised
    When the user locates the car on the app
    Then the app of the user shows where the car is parked
