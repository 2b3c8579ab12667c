@brand:ismart
Feature: Security of the car and its binding
  Only the bound user reads the car's status and sends it commands: not a stranger who knows
  its VIN, not a user only logged in to the car, not a user who has unbound it. A command that
  waits for a sleeping car is cancelled, not carried out, once its sender is no longer the car's
  bound user. An answer to a force-unbinding request that has ended changes nothing. A dealer
  unbinds only on papers of the very car, and every dealer's forced unbinding leaves an audit
  record the dealer can see.

  @req:D-SEC-1 @capability:qr_binding
  Scenario: A user logged in to the car but not bound to it cannot command it
    Given the user is logged in to the iSmart app
    And the user sits in the car with the infotainment system on
    And the user has logged in to the car with the first scan
    When the user asks for the status of the car
    Then the user is refused with "not_authorised"
    When the user sends the remote command "unlock" to the car
    Then the user is refused with "not_authorised"
    And the car carries out no command within 5 minutes

  @req:D-SEC-1
  Scenario: A user who has unbound the car can no longer read or command it
    Given the user has bound the car
    When the user unbinds the car with the code sent by SMS
    And the user asks for the status of the car
    Then the user is refused with "not_authorised"
    When the user sends the remote command "unlock" to the car
    Then the user is refused with "not_authorised"
    And the car carries out no command within 5 minutes

  @req:D-SEC-1 @req:D-REL-1
  Scenario: A command waiting for the sleeping car is cancelled when its sender unbinds
    Given the user has bound a car whose model offers "Digital Key"
    And the TCU of the car is asleep
    And the next SMS arrives 2 minutes late
    When the user sends the remote command "unlock" to the car
    And the user unbinds the car with the code sent by SMS
    Then the car carries out no command within 5 minutes
    And the TCU of the car was woken by an SMS
    And the app of the user shows the command as "cancelled"

  @req:D-SEC-1 @req:IS-FORCE-3 @capability:force_unbinding
  Scenario: A command waiting for the sleeping car is cancelled when its sender agrees to a force unbinding
    Given the previous user has bound a car whose model offers "Find my car"
    And the new user is logged in to the iSmart app
    And the new user has logged in to the car with the first scan
    And the TCU of the car is asleep
    And the next SMS arrives 2 minutes late
    When the previous user sends the remote command "find my car" to the car
    And the new user presses "Force unbinding" for the car and confirms that a push message will be sent
    And the previous user presses "Agree" on the push message
    Then the car carries out no command within 5 minutes
    And the TCU of the car was woken by an SMS
    And the app of the previous user shows the command as "cancelled"

  @req:D-SEC-1 @req:D-SEC-5 @capability:dealer_force_unbinding
  Scenario: A command waiting for the sleeping car is cancelled when a dealer unbinds its sender
    Given the previous user has bound a car whose model offers "Find my car"
    And the new user is logged in to the iSmart app
    And the TCU of the car is asleep
    And the next SMS arrives 2 minutes late
    When the previous user sends the remote command "find my car" to the car
    And the new user shows the dealer the registration certificate of the car
    Then the dealer's forced unbinding of the car succeeds
    And the car carries out no command within 5 minutes
    And the TCU of the car was woken by an SMS
    And the app of the previous user shows the command as "cancelled"

  @req:D-SEC-4 @req:IS-FORCE-3 @capability:force_unbinding
  Scenario: Reject after Agree changes nothing
    Given the previous user has bound the car
    And the new user is logged in to the iSmart app
    And the new user has requested force unbinding of the car
    When the previous user presses "Agree" on the push message
    And the previous user presses "Reject" on the push message
    Then the previous user is refused with "request_closed"
    And the car is not bound to the previous user
    When the new user binds the car with two QR scans
    Then the car is bound to the new user

  @req:D-SEC-4 @req:IS-UNBIND-3 @capability:force_unbinding
  Scenario: Once the previous user has unbound with the code, an answer changes nothing
    Given the previous user has bound the car
    And the new user is logged in to the iSmart app
    And the new user has requested force unbinding of the car
    When the previous user unbinds the car with the code sent by SMS
    And the previous user binds the car with two QR scans
    And the previous user presses "Agree" on the push message
    Then the previous user is refused with "request_closed"
    And the car is still bound to the previous user

  @req:D-SEC-4 @req:D-SEC-5 @capability:dealer_force_unbinding
  Scenario: After a dealer's forced unbinding, an answer changes nothing
    Given the previous user has bound the car
    And the new user is logged in to the iSmart app
    And the new user has requested force unbinding of the car
    When the new user shows the dealer the registration certificate of the car
    Then the dealer's forced unbinding of the car succeeds
    When the previous user presses "Reject" on the push message
    Then the previous user is refused with "request_closed"
    And the car is not bound to the previous user

  @req:D-SEC-5 @capability:dealer_force_unbinding
  Scenario: Every dealer's forced unbinding leaves an audit record
    Given the previous user has bound the car
    And the new user is logged in to the iSmart app
    Then the dealer's audit records of the car show no forced unbinding
    When the new user shows the dealer the registration certificate of the car
    Then the dealer's forced unbinding of the car succeeds
    And the dealer's audit records of the car show the forced unbinding with the registration certificate

  @req:D-SEC-5 @capability:dealer_force_unbinding
  Scenario: The registration certificate of another car does not let a dealer unbind
    Given the previous user has bound the car
    And the new user is logged in to the iSmart app
    When the dealer submits a forced unbinding of the car for the new user with the registration certificate of the other car
    Then the dealer is refused with "evidence_required"
    And the car is still bound to the previous user
    And the dealer's audit records of the car show no forced unbinding

  @req:D-SEC-7 @capability:qr_binding
  Scenario: An MG iSmart user cannot log in to the head unit of a Renault with a QR scan
    Given the car is a Renault car
    And the user is logged in to the iSmart app
    And the user sits in the car with the infotainment system on
    When the user presses "Bind" in the app and scans the QR code on the car
    Then the user is refused with "not_authorised"
    When the user scans the QR code on the car again
    Then the user is refused with "not_authorised"
    And the user is not logged in to the car

  @req:D-SEC-7 @capability:head_unit_credentials
  Scenario: A Renault's head unit does not log in an MG iSmart account with typed credentials
    Given the car is a Renault car
    And the user is logged in to the iSmart app
    And the user sits in the car with the infotainment system on
    When the user types their phone number and password on the head unit of the car
    Then the head unit of the car refuses with "not_authorised"
    And the user is not logged in to the car

  @req:D-SEC-7
  Scenario: An MG iSmart user can neither read nor command a Renault
    Given the car is a Renault car
    And the user is logged in to the iSmart app
    When the user asks for the status of the car
    Then the user is refused with "not_authorised"
    When the user sends the remote command "horn and lights" to the car
    Then the user is refused with "not_authorised"
    And the car carries out no command within 5 minutes

  @req:D-SEC-7
  Scenario: The My Renault app of the same e-mail address does not read or command the bound MG
    Given the user has an iSmart account with their e-mail address
    And the user has bound the car
    And the user is logged in to the My Renault app
    When the user asks for the status of the car
    Then the user is refused with "not_authorised"
    When the user sends the remote command "horn and lights" to the car
    Then the user is refused with "not_authorised"
    And the car carries out no command within 5 minutes
