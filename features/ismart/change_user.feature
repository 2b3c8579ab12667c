@brand:ismart
Feature: Changing the user of a car
  Users change for many reasons. A car never has more than one bound user: the current user
  logs out and removes the binding, and only then can a new user bind. A new user may log in to
  the head unit of a bound car (to ask for force unbinding from it), but not bind it.

  @req:IS-USER-1 @req:IS-USER-3
  Scenario Outline: The car changes user: <situation>
    Given the previous user has bound the car
    And the new user is logged in to the iSmart app
    When the previous user unbinds the car with the code sent by SMS
    And the new user binds the car with two QR scans
    Then the car is bound to the new user
    And the previous user no longer sees the car in the app

    Examples:
      | situation                 |
      | several daily users       |
      | company car               |
      | the car is sold           |
      | the car is lent out       |
      | rental car                |
      | fleet car                 |

  @req:IS-USER-3 @req:IS-USER-2 @req:D-SEC-6
  Scenario: A new user may log in to the head unit of a bound car, but cannot bind it
    Given the previous user has bound the car
    And the new user is logged in to the iSmart app
    And the new user sits in the car with the infotainment system on
    When the new user types their phone number and password on the head unit of the car
    Then the head unit of the car accepts the credentials
    And the new user is logged in to the car
    When the new user presses "Bind" in the app and scans the QR code on the car
    Then the new user is refused with "already_bound"
    And the car is still bound to the previous user
    And the car is not bound to the new user
