@brand:ismart
Feature: A car bound, unbound and bound again
  A binding ends (with the unbinding code, an Agree, 72 hours of silence or a dealer) and the car
  may be bound again, even by the same user. Nothing that belonged to the binding that ended
  counts for the next one: not an unbinding code sent during it, not a reject given in it, not a
  command still waiting for the car when it ended.

  @req:D-SEC-2 @req:IS-FORCE-3 @capability:force_unbinding
  Scenario: An unbinding code sent during an earlier binding does not unbind the car bound again
    Given the previous user has bound the car
    And the new user is logged in to the iSmart app
    When the previous user presses "Send" on the unbind screen of the car
    Then the previous user receives a 6-digit verification code by SMS
    Given the new user has requested force unbinding of the car
    When the previous user presses "Agree" on the push message
    Then the car is not bound to the previous user
    When the previous user binds the car with two QR scans
    And the previous user chooses the car in the main menu, then the car again, then "unbind"
    And the previous user enters the code and presses "Unbind"
    Then the car is still bound to the previous user

  @req:IS-FORCE-1 @req:IS-FORCE-5 @capability:force_unbinding @needs-clock
  Scenario: A reject in an earlier binding does not stop the new user once the car is bound again
    Given the previous user has bound the car
    And the new user has requested force unbinding of the car
    When the previous user presses "Reject" on the push message
    And the previous user unbinds the car with the code sent by SMS
    And the previous user binds the car with two QR scans
    And the new user presses "Bind" in the app and scans the QR code on the car
    Then the new user is logged in to the car
    When the new user presses "Force unbinding" for the car and confirms that a push message will be sent
    And 72 hours have passed since the force unbinding of the car was requested
    Then the car is not bound to the previous user
    And the new user receives a message that the unbinding is complete

  @req:D-SEC-1 @req:IS-BIND-4 @capability:head_unit_credentials
  Scenario: A command waiting for the sleeping car is cancelled when its sender unbinds and binds again
    Given the user has bound the car
    And the TCU of the car is asleep
    And the next SMS arrives 2 minutes late
    When the user sends the remote command "climate on" to the car
    And the user unbinds the car with the code sent by SMS
    And the user types their phone number and password on the head unit of the car
    And the user presses "Bind" in the app and scans the QR code on the car
    Then the car is bound to the user
    And the car carries out no command within 5 minutes
    And the TCU of the car was woken by an SMS
    And the app of the user shows the command as "cancelled"
