@brand:ismart
Feature: Unbinding the car
  A user who no longer wants the car bound unbinds it in the app: the car in the main menu,
  the car again, "unbind". "Send" brings a 6-digit verification code by SMS; typing it and
  pressing "Unbind" completes the unbinding, and the app confirms it.

  Background:
    Given the user has bound the car

  @req:IS-UNBIND-1 @req:IS-UNBIND-2 @req:IS-UNBIND-3
  Scenario: Unbinding with the 6-digit code from the SMS
    When the user chooses the car in the main menu, then the car again, then "unbind"
    And the user presses "Send" on the unbind screen of the car
    Then the user receives a 6-digit verification code by SMS
    When the user enters the code and presses "Unbind"
    Then the app of the user confirms that the unbinding is complete
    And the user no longer sees the car in the app
    And the head unit of the car shows no user

  @req:IS-UNBIND-3
  Scenario: A wrong code does not unbind
    When the user presses "Send" on the unbind screen of the car
    And the user enters a wrong code and presses "Unbind"
    Then the user is refused with "code_invalid"
    And the car is still bound to the user

  @req:IS-UNBIND-3 @req:D-SEC-2 @needs-clock
  Scenario: An expired code does not unbind
    When the user presses "Send" on the unbind screen of the car
    Then the user receives a 6-digit verification code by SMS
    When the platform's declared code lifetime passes
    And the user enters the code and presses "Unbind"
    Then the user is refused with "code_expired"
    And the car is still bound to the user

  @req:IS-UNBIND-3 @req:D-SEC-2 @needs-clock
  Scenario: A code still unbinds just before its declared lifetime ends
    When the user presses "Send" on the unbind screen of the car
    Then the user receives a 6-digit verification code by SMS
    When the platform's declared code lifetime passes, less 1 minute
    And the user enters the code and presses "Unbind"
    Then the app of the user confirms that the unbinding is complete

  @req:D-SEC-2
  Scenario: A code unbinds only once
    When the user unbinds the car with the code sent by SMS
    And the user binds the car with two QR scans
    And the user enters the same code again and presses "Unbind"
    Then the user is refused with "code_used"
    And the car is still bound to the user

  @req:D-SEC-2 @req:IS-UNBIND-3
  Scenario: Guessing the code locks it
    When the user presses "Send" on the unbind screen of the car
    And the user enters a wrong code as many times as the platform allows and presses "Unbind"
    And the user enters the code and presses "Unbind"
    Then the user is refused with "too_many_attempts"
    And the car is still bound to the user

  @req:D-SEC-2 @req:IS-UNBIND-3
  Scenario: One wrong code fewer than the platform allows still lets the right code unbind
    When the user presses "Send" on the unbind screen of the car
    And the user enters a wrong code one time fewer than the platform allows and presses "Unbind"
    Then the user is refused with "code_invalid"
    When the user enters the code and presses "Unbind"
    Then the app of the user confirms that the unbinding is complete

  @req:IS-UNBIND-2 @req:D-SEC-1
  Scenario: Only the bound user can ask for an unbinding code
    Given a stranger is logged in to the iSmart app
    When a stranger presses "Send" on the unbind screen of the car
    Then a stranger is refused with "not_bound"
    And no SMS reaches the user within 10 minutes

  @req:D-REL-3 @req:IS-UNBIND-2
  Scenario: A lost SMS: the user asks again and the unbinding still works
    Given the next SMS gets lost
    When the user presses "Send" on the unbind screen of the car
    Then no SMS reaches the user within 10 minutes
    When the user presses "Send" on the unbind screen of the car
    Then the user receives a 6-digit verification code by SMS
    When the user enters the code and presses "Unbind"
    Then the app of the user confirms that the unbinding is complete
