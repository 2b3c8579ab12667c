@brand:ismart
Feature: Faults of the networks around an MG
  SMS, e-mail and push messages get lost, come late, come twice or out of order; a car drives
  into a dead zone with a command on its way; a TCU sleeps until an SMS wakes it; the head unit
  restarts in the middle of binding; the platform's clock jumps. Whatever happens, the user
  sees a clear outcome, can ask again, and nothing is left half-done.

  @req:D-REL-3 @req:IS-REG-2
  Scenario: A lost SMS with the registration code: asking again registers
    Given the user has installed the iSmart app
    And the next SMS gets lost
    When the user enters their phone number and presses "Send"
    Then no SMS reaches the user within 10 minutes
    When the user enters their phone number and presses "Send"
    Then the user receives a verification code by SMS
    When the user enters the code and presses "Register"
    Then the account of the user is created
    And the user can log in with their phone number and password

  @req:D-REL-3 @req:IS-REG-2
  Scenario: A late SMS: the code still works when it comes
    Given the user has installed the iSmart app
    And the next SMS arrives 5 minutes late
    When the user enters their phone number and presses "Send"
    Then no SMS reaches the user within 4 minutes
    And the user receives a verification code by SMS
    When the user enters the code and presses "Register"
    Then the account of the user is created

  @req:D-REL-3 @req:IS-UNBIND-2 @needs-clock
  Scenario: An SMS that comes after its code expired: the user asks again and unbinds
    Given the user has bound the car
    And the next SMS arrives later than the platform's declared code lifetime
    When the user presses "Send" on the unbind screen of the car
    Then no SMS reaches the user within the platform's declared code lifetime
    When the user enters the code and presses "Unbind"
    Then the user is refused with "code_expired"
    And the car is still bound to the user
    When the user presses "Send" on the unbind screen of the car
    Then the user receives a 6-digit verification code by SMS
    When the user enters the code and presses "Unbind"
    Then the app of the user confirms that the unbinding is complete
    And the user no longer sees the car in the app

  @req:D-REL-3 @req:IS-UNBIND-3
  Scenario: An unbinding SMS that arrives twice unbinds once
    Given the user has bound the car
    And the next SMS arrives twice
    When the user presses "Send" on the unbind screen of the car
    Then the user receives a 6-digit verification code by SMS
    When the user enters the code and presses "Unbind"
    Then the app of the user confirms that the unbinding is complete
    When the user enters the same code again and presses "Unbind"
    Then the user is refused with "not_bound"
    And the user no longer sees the car in the app

  @req:D-REL-3 @req:IS-REG-3
  Scenario: Two SMS out of order: the code of the one sent last registers
    Given the user has installed the iSmart app
    And the next SMS is overtaken by the one after it
    When the user enters their phone number and presses "Send"
    Then no SMS reaches the user within 1 minute
    When the user enters their phone number and presses "Send"
    And 5 minutes pass
    And the user enters the code of the most recently sent SMS and presses "Register"
    Then the account of the user is created
    And the user can log in with their phone number and password

  @req:D-REL-3 @req:IS-REG-3 @needs-clock
  Scenario: The platform's clock jumps while the code is on its way: the user asks again
    Given the user has installed the iSmart app
    When the user enters their phone number and presses "Send"
    And the platform's clock jumps beyond the platform's declared code lifetime
    Then the user receives a verification code by SMS
    When the user enters the code and presses "Register"
    Then the user is refused with "code_expired"
    When the user enters their phone number and presses "Send"
    Then the user receives a verification code by SMS
    When the user enters the code and presses "Register"
    Then the account of the user is created

  @req:D-REL-3 @req:IS-FORCE-2
  Scenario: A lost push: the new user asks again and the previous user gets the request
    Given the previous user has bound the car
    And the new user is logged in to the iSmart app
    And the new user has logged in to the car with the first scan
    And the next push message gets lost
    When the new user presses "Force unbinding" for the car and confirms that a push message will be sent
    Then no push message reaches the previous user within 10 minutes
    When the new user presses "Force unbinding" for the car and confirms that a push message will be sent
    Then the previous user receives a push message with "Agree" and "Reject"
    When the previous user presses "Agree" on the push message
    Then the new user receives a message that the unbinding is complete
    And the car is not bound to the previous user

  @req:D-REL-3 @req:IS-FORCE-4 @needs-clock
  Scenario: A push that comes after the 72 hours changes nothing
    Given the previous user has bound the car
    And the new user is logged in to the iSmart app
    And the new user has logged in to the car with the first scan
    And the next push message arrives 80 hours late
    When the new user presses "Force unbinding" for the car and confirms that a push message will be sent
    Then no push message reaches the previous user within 10 minutes
    When 72 hours have passed since the force unbinding of the car was requested
    Then the new user receives a message that the unbinding is complete
    When 8 hours pass
    And the previous user presses "Reject" on the push message
    Then the previous user is refused with "request_closed"
    And the car is not bound to the previous user

  @req:D-REL-2 @req:IS-FORCE-3
  Scenario: A push that arrives twice: answering both copies unbinds once
    Given the previous user has bound the car
    And the new user is logged in to the iSmart app
    And the new user has logged in to the car with the first scan
    And the next push message arrives twice
    When the new user presses "Force unbinding" for the car and confirms that a push message will be sent
    And the previous user presses "Agree" on every copy of the push message
    Then the previous user is refused with "request_closed"
    And the new user receives exactly one message that the unbinding is complete
    And the car is not bound to the previous user

  @req:D-REL-1 @req:IS-SVC-1 @needs-clock
  Scenario: The car drives into a dead zone while a command is on its way
    Given the user has bound a car whose model offers "Climate"
    And the car drives into a dead zone for longer than the platform's declared command time-out while the next command is on its way
    When the user sends the remote command "climate on" to the car
    Then the app of the user shows the command as "car_unreachable" within the platform's declared command time-out
    And the car carries out no command within 5 minutes
    When the user sends the remote command "climate on" to the car
    Then the car carries out "climate on" exactly once within 2 minutes

  @req:D-REL-1 @req:IS-SVC-1
  Scenario: A sleeping TCU is woken by SMS
    Given the user has bound a car whose model offers "Find my car"
    And the TCU of the car is asleep
    When the user sends the remote command "find my car" to the car
    Then the car carries out "find my car" within 2 minutes
    And the TCU of the car was woken by an SMS
    And the app of the user shows the command as "done"

  @req:D-REL-1 @req:D-REL-3 @needs-clock
  Scenario: The wake-up SMS gets lost: the command ends clearly and asking again wakes the car
    Given the user has bound a car whose model offers "Find my car"
    And the TCU of the car is asleep
    And the next SMS gets lost
    When the user sends the remote command "find my car" to the car
    Then the app of the user shows the command as "car_unreachable" within the platform's declared command time-out
    When the user sends the remote command "find my car" to the car
    Then the car carries out "find my car" exactly once within 2 minutes
    And the TCU of the car was woken by an SMS

  @req:D-REL-2 @req:D-REL-1
  Scenario: The wake-up SMS arrives twice: the car carries the command out once
    Given the user has bound a car whose model offers "Find my car"
    And the TCU of the car is asleep
    And the next SMS arrives twice
    When the user sends the remote command "find my car" to the car
    Then the car carries out "find my car" exactly once within 2 minutes
    And the app of the user shows the command as "done"

  @req:D-REL-2 @req:IS-SVC-1
  Scenario: The connection drops before the answer: trying again unlocks once
    Given the user has bound a car whose model offers "Digital Key"
    When the user sends the remote command "unlock" to the car but the connection drops before the answer
    Then the user is refused with "no_internet"
    When the phone of the user is back online
    And the user tries the same command again
    Then the car carries out "unlock" exactly once within 5 minutes
    And the app of the user shows the command as "done"

  @req:D-REL-3 @req:IS-BIND-3 @capability:qr_binding
  Scenario: The head unit restarts between the two QR scans
    Given the user is logged in to the iSmart app
    And the user sits in the car with the infotainment system on
    When the user presses "Bind" in the app and scans the QR code on the car
    Then the user is logged in to the car
    When the head unit of the car restarts
    And the user scans the QR code on the car again
    Then the car is bound to the user
    And the head unit of the car shows the user as bound

  @req:D-REL-1 @needs-clock
  Scenario: A command for a car that never answers ends car_unreachable at the declared time-out, not before
    Given the user has bound a car whose model offers "Find my car"
    And the TCU of the car is asleep
    And the next SMS gets lost
    When the user sends the remote command "find my car" to the car
    And the platform's declared command time-out passes, less 10 seconds
    Then the app of the user shows the command as "pending"
    When 11 seconds pass
    Then the app of the user shows the command as "car_unreachable"
