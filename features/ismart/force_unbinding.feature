@brand:ismart @capability:force_unbinding
Feature: Force unbinding of a previous user
  If the previous user has not unbound the car, the new user, logged in to the car's head unit,
  can press "Force unbinding" in the app and confirm that a push message goes to the previous
  user; knowing the VIN is not enough. "Agree" completes the
  unbinding at once; no answer completes it after 72 hours; "Reject" stops it, and then the
  new user documents ownership at an MG dealer, who can force the unbinding. When the
  unbinding is confirmed, the new user gets a message that it is complete.

  Background:
    Given the previous user has bound the car
    And the new user is logged in to the iSmart app

  @req:IS-FORCE-1 @req:IS-FORCE-2 @req:D-SEC-6
  Scenario: The new user asks for force unbinding from the car and the previous user is asked
    Given the new user sits in the car with the infotainment system on
    When the new user presses "Bind" in the app and scans the QR code on the car
    Then the new user is logged in to the car
    When the new user scans the QR code on the car again
    Then the new user is refused with "already_bound"
    When the new user presses "Force unbinding" for the car and confirms that a push message will be sent
    Then the previous user receives a push message with "Agree" and "Reject"
    And the car is still bound to the previous user

  @req:IS-FORCE-2
  Scenario: Without confirming the push message nothing is sent
    Given the new user has logged in to the car with the first scan
    When the new user presses "Force unbinding" for the car without confirming the push message
    Then the new user is refused with "confirmation_required"
    And no push message reaches the previous user within 10 minutes

  @req:IS-FORCE-3 @req:IS-FORCE-7
  Scenario: The previous user agrees: the unbinding completes at once
    Given the new user has requested force unbinding of the car
    When the previous user presses "Agree" on the push message
    Then the car is not bound to the previous user
    And the new user receives a message that the unbinding is complete
    And the head unit of the car shows no user

  @req:IS-FORCE-4 @req:IS-FORCE-7 @needs-clock
  Scenario: The previous user does not answer: the unbinding completes after exactly 72 hours
    Given the new user has requested force unbinding of the car
    When 71 hours and 59 minutes have passed since the force unbinding of the car was requested
    Then the car is still bound to the previous user
    When 72 hours have passed since the force unbinding of the car was requested
    Then the car is not bound to the previous user
    And the new user receives a message that the unbinding is complete

  @req:IS-FORCE-5 @needs-clock
  Scenario: The previous user rejects: nothing is unbound
    Given the new user has requested force unbinding of the car
    When the previous user presses "Reject" on the push message
    Then the car is still bound to the previous user
    And the new user receives a message that the unbinding was rejected
    When 80 hours pass
    Then the car is still bound to the previous user

  @req:IS-FORCE-5 @req:D-SEC-4
  Scenario: Agree after Reject changes nothing
    Given the new user has requested force unbinding of the car
    When the previous user presses "Reject" on the push message
    And the previous user presses "Agree" on the push message
    Then the previous user is refused with "request_closed"
    And the car is still bound to the previous user

  @req:IS-FORCE-4 @req:D-SEC-4 @needs-clock
  Scenario: An answer after the 72 hours changes nothing
    Given the new user has requested force unbinding of the car
    When 73 hours have passed since the force unbinding of the car was requested
    And the previous user presses "Reject" on the push message
    Then the previous user is refused with "request_closed"
    And the car is not bound to the previous user

  @req:D-SEC-4 @req:IS-FORCE-3
  Scenario Outline: Only the previous user can answer: <who> is refused
    Given the new user has requested force unbinding of the car
    And a stranger is logged in to the iSmart app
    When <who> answers "Agree" to the force unbinding request
    Then <who> is refused with "not_authorised"
    And the car is still bound to the previous user

    Examples:
      | who          |
      | the new user |
      | a stranger   |

  @req:IS-FORCE-6 @req:IS-FORCE-7 @capability:dealer_force_unbinding
  Scenario: After a reject, a dealer with the registration certificate unbinds
    Given the new user has requested force unbinding of the car
    When the previous user presses "Reject" on the push message
    And the new user presses "Force unbinding" for the car and confirms that a push message will be sent
    Then the new user is refused with "unbinding_rejected"
    When the new user shows the dealer the registration certificate of the car
    Then the dealer's forced unbinding of the car succeeds
    And the car is not bound to the previous user
    And the new user receives a message that the unbinding is complete

  @req:IS-FORCE-6 @req:D-SEC-5 @capability:dealer_force_unbinding
  Scenario: A dealer without ownership evidence cannot unbind
    When the dealer submits a forced unbinding of the car for the new user without ownership evidence
    Then the dealer is refused with "evidence_required"
    And the car is still bound to the previous user

  @req:D-SEC-6
  Scenario: A new user who knows the VIN but is not logged in to the car's head unit is refused
    When the new user presses "Force unbinding" for the car and confirms that a push message will be sent
    Then the new user is refused with "not_authorised"
    And no push message reaches the previous user within 10 minutes
    And the car is still bound to the previous user

  @req:D-SEC-6
  Scenario: A new user logged in to the head unit of another car is refused
    Given the new user has logged in to the other car with the first scan
    When the new user presses "Force unbinding" for the car and confirms that a push message will be sent
    Then the new user is refused with "not_authorised"
    And no push message reaches the previous user within 10 minutes
    And the car is still bound to the previous user

  @req:D-SEC-6 @req:IS-BIND-4 @capability:head_unit_credentials
  Scenario: A new user logged in with credentials typed on the head unit asks for force unbinding
    Given the new user sits in the car with the infotainment system on
    When the new user types their phone number and password on the head unit of the car
    Then the head unit of the car accepts the credentials
    And the new user is logged in to the car
    When the new user presses "Force unbinding" for the car and confirms that a push message will be sent
    Then the previous user receives a push message with "Agree" and "Reject"
    And the car is still bound to the previous user

  @req:IS-FORCE-7 @req:IS-UNBIND-3
  Scenario: The previous user unbinds with the code: the request ends and the new user is told
    Given the new user has requested force unbinding of the car
    When the previous user unbinds the car with the code sent by SMS
    Then the new user receives a message that the unbinding is complete
    And the car is not bound to the previous user
    When the previous user presses "Agree" on the push message
    Then the previous user is refused with "request_closed"
    When the new user binds the car with two QR scans
    Then the car is bound to the new user
