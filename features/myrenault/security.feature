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
    When the user guesses a wrong PIN for "horn and lights" to the car as many times as the platform allows
    Then the user is refused with "too_many_attempts"
    When the user types the PIN "2468" for the next remote command
    And the user sends the remote command "horn and lights" to the car
    Then the user is refused with "too_many_attempts"
    And the car carries out no command within 5 minutes

  @req:D-SEC-2 @req:MR-PIN-1
  Scenario: One wrong PIN fewer than the platform allows still lets the right PIN command the car
    Given the user controls the car remotely with the PIN "2468"
    When the user guesses a wrong PIN for "horn and lights" to the car one time fewer than the platform allows
    Then the user is refused with "pin_invalid"
    When the user types the PIN "2468" for the next remote command
    And the user sends the remote command "horn and lights" to the car
    Then the car carries out "horn and lights" exactly once within 2 minutes

  @req:D-SEC-2 @req:MR-PIN-1 @needs-clock
  Scenario: A locked PIN stays locked until the declared lock time, and unlocks then if the platform says so
    Given the user controls the car remotely with the PIN "2468"
    When the user guesses a wrong PIN for "horn and lights" to the car as many times as the platform allows
    Then the user is refused with "too_many_attempts"
    When the platform's declared PIN lock time passes, less 1 minute
    And the user types the PIN "2468" for the next remote command
    And the user sends the remote command "horn and lights" to the car
    Then the user is refused with "too_many_attempts"
    When 1 minute passes
    And the user types the PIN "2468" for the next remote command
    And the user sends the remote command "horn and lights" to the car
    Then the right PIN works again if the platform declares that a locked PIN unlocks, and is refused otherwise

  @req:D-SEC-7
  Scenario: The My Renault app cannot add or synchronise an MG car
    Given the car is a MG car
    And the user is logged in to the My Renault app
    When the user adds the car by its VIN, typed in
    Then the car is not in the app of the user
    When the user adds the car by its registration number, typed in
    Then the car is not in the app of the user
    When the user sits in the car with the multimedia system on
    And the user presses "Synchronise vehicle" for the car and confirms by pressing again
    Then the car is not synchronised with the user
    And the car is not in the app of the user

  @req:D-SEC-7 @capability:qr_binding
  Scenario: The My Renault app cannot bind an MG car with the two QR scans
    Given the car is a MG car
    And the user is logged in to the My Renault app
    And the user sits in the car with the infotainment system on
    When the user presses "Bind" in the app and scans the QR code on the car
    Then the user is refused
    When the user scans the QR code on the car again
    Then the user is refused
    And the car is not bound to the user
    And the car is not in the app of the user

  @req:D-SEC-7
  Scenario: The My Renault app can neither read nor command an MG car
    Given the car is a MG car
    And the user is logged in to the My Renault app
    When the user asks for the status of the car
    Then the user is refused with "not_authorised"
    When the user sends the remote command "find my car" to the car
    Then the user is refused with "not_authorised"
    And the car carries out no command within 5 minutes
