@brand:myrenault
Feature: Security of the car and its synchronisation
  Only an account synchronised with the car reads where it is and sends it commands. Knowing
  the VIN is not enough: a stranger may add the car by its VIN, but neither locate nor command
  it, and cannot synchronise with it from outside the cabin.

  @req:D-SEC-1 @req:MR-VEH-1
  Scenario: A stranger who adds the car by its VIN can neither locate nor command it
    Given the user controls the car remotely with the PIN "2468"
    And a stranger is logged in to the My Renault app
    When a stranger adds the car by its VIN, typed in
    And a stranger locates the car on the app
    Then a stranger is refused with "not_synchronised"
    When a stranger sends the remote command "horn and lights" to the car
    Then a stranger is refused with "not_synchronised"
    And the car carries out no command within 5 minutes

  @req:D-SEC-1
  Scenario: A stranger who has not added the car cannot locate it
    Given the user has synchronised the car
    And a stranger is logged in to the My Renault app
    When a stranger locates the car on the app
    Then a stranger is refused with "not_authorised"

  @req:D-SEC-1 @req:MR-SYNC-2
  Scenario: A stranger outside the cabin cannot synchronise, even while the user sits in the car
    Given the user has synchronised the car
    And a stranger is logged in to the My Renault app
    When a stranger adds the car by its VIN, typed in
    And a stranger synchronises the car from the app
    And 10 minutes pass
    Then the car is not synchronised with a stranger
    And the app of the user shows the car as synchronised

  @req:D-SEC-2 @req:MR-PIN-1
  Scenario: Guessing the My Renault PIN locks remote control
    Given the user controls the car remotely with the PIN "2468"
    When the user types the PIN "1111" for the next remote command
    And the user sends the remote command "horn and lights" to the car
    Then the user is refused with "pin_invalid"
    When the user sends the remote command "horn and lights" to the car
    Then the user is refused with "pin_invalid"
    When the user sends the remote command "horn and lights" to the car
    Then the user is refused with "too_many_attempts"
    When the user types the PIN "2468" for the next remote command
    And the user sends the remote command "horn and lights" to the car
    Then the user is refused with "too_many_attempts"
    And the car carries out no command within 5 minutes
