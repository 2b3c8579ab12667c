@brand:ismart
Feature: Combinations: several cars, phones, markets, retries, restarts and log-outs
  One person may have several cars, the app logged in on more than one phone, and live in any
  market the platform sells in; commands are retried, head units restart, people log out of
  the app and of the car, codes and QR codes reach the wrong hands, and anyone may answer a
  force-unbinding request. Each combination must leave every car with its own user, its own
  commands and its own records.

  @req:IS-SVC-1
  Scenario: A command for one of two cars reaches only that car
    Given the user has bound the car
    And the user has bound the other car
    When the user sends the remote command "find my car" to the car
    Then the car carries out "find my car" within 1 minute
    And the other car carries out no command within 5 minutes

  @req:IS-SVC-1
  Scenario: The status of each of two cars is its own
    Given the user has bound the car
    And the user has bound the other car
    And the other car is parked in Aarhus
    When the user asks for the status of the other car
    Then the app of the user shows where the other car is parked and whether it is locked
    When the user asks for the status of the car
    Then the app of the user shows where the car is parked and whether it is locked

  @req:IS-UNBIND-3
  Scenario: Unbinding one of two cars leaves the other bound
    Given the user has bound the car
    And the user has bound the other car
    When the user unbinds the car with the code sent by SMS
    Then the car is not bound to the user
    And the other car is still bound to the user

  @req:IS-UNBIND-3 @req:D-SEC-2
  Scenario: The code sent to unbind one car does not unbind the other
    Given the user has bound the car
    And the user has bound the other car
    When the user chooses the car in the main menu, then the car again, then "unbind"
    And the user presses "Send" on the unbind screen of the car
    Then the user receives a 6-digit verification code by SMS
    When the user chooses the other car in the main menu, then the car again, then "unbind"
    And the user enters the code and presses "Unbind"
    Then the user is refused with "code_invalid"
    And the other car is still bound to the user
    And the car is still bound to the user

  @req:IS-USER-1 @req:IS-UNBIND-3
  Scenario: A fleet of four cars, each bound to the same user, one unbound
    Given the user has bound the car
    And the user has bound the other car
    And the user has bound the third car
    And the user has bound the fourth car
    When the user unbinds the third car with the code sent by SMS
    Then the third car is not bound to the user
    And the car is still bound to the user
    And the other car is still bound to the user
    And the fourth car is still bound to the user

  @req:IS-SVC-1 @req:IS-BIND-3
  Scenario Outline: An owner living in <market> binds an MG sold there and uses it
    Given the user lives in <market>
    And the car is sold in <market>
    And the user has bound the car
    When the user sends the remote command "climate on" to the car
    Then the car carries out "climate on" within 1 minute

    Examples:
      | market  |
      | Denmark |
      | Norway  |
      | Sweden  |

  @req:IS-FORCE-2 @capability:force_unbinding
  Scenario: The force unbinding request reaches the phones the platform pushes to
    Given the previous user has bound the car
    And the previous user is logged in to the app on a second phone
    And the new user has logged in to the car with the first scan
    When the new user presses "Force unbinding" for the car and confirms that a push message will be sent
    Then a push message with "Agree" and "Reject" reaches the phones of the previous user the platform declares it pushes to
    And the car is still bound to the previous user

  @req:IS-FORCE-3 @req:D-SEC-4 @capability:force_unbinding @declared:push_to=all_devices
  Scenario: "Agree" on one phone; "Reject" on the other phone afterwards changes nothing
    Given the previous user has bound the car
    And the previous user is logged in to the app on a second phone
    And the new user has requested force unbinding of the car
    When the previous user presses "Agree" on the push message
    Then the car is not bound to the previous user
    When the previous user picks up their second phone
    And the previous user presses "Reject" on the push message
    Then the previous user is refused with "request_closed"
    And the new user receives a message that the unbinding is complete

  @req:IS-FORCE-7 @capability:force_unbinding
  Scenario: The message that the unbinding is complete reaches the phones the platform pushes to
    Given the previous user has bound the car
    And the new user is logged in to the app on a second phone
    And the new user has requested force unbinding of the car
    When the previous user presses "Agree" on the push message
    Then the message that the unbinding is complete reaches the phones of the new user the platform declares it pushes to

  @req:IS-LOGIN-1 @req:IS-BIND-3
  Scenario: Logging in on a second phone keeps the binding
    Given the user has bound the car
    When the user logs in to the app on a second phone
    And the user picks up their second phone
    Then the car is bound to the user
    When the user sends the remote command "find my car" to the car
    Then the car carries out "find my car" within 1 minute

  @req:D-REL-2
  Scenario: A command tried three more times has one effect
    Given the user has bound a car whose model offers "Digital Key"
    When the user sends the remote command "unlock" to the car
    And the user tries the same command again 3 times
    Then the car carries out "unlock" exactly once within 2 minutes
    And every try of the user got the same command

  @req:D-REL-2
  Scenario: A command tried again after it is done is not carried out again
    Given the user has bound a car whose model offers "Digital Key"
    When the user sends the remote command "unlock" to the car
    And the user tries the same command again after it is done
    Then the car carries out "unlock" exactly once within 2 minutes
    And every try of the user got the same command

  @req:IS-BIND-3
  Scenario: The binding and the user on the head unit survive a restart of the head unit
    Given the user has bound the car
    When the head unit of the car restarts
    Then the car is still bound to the user
    And the head unit of the car shows the user as bound

  @req:D-SEC-3 @capability:qr_binding
  Scenario: A QR code used before the head unit restarted stays used
    Given the user is logged in to the iSmart app
    And a stranger is logged in to the iSmart app
    And the user sits in the car with the infotainment system on
    When the user takes a photo of the QR code on the car
    And the user scans the photo of the QR code
    And the head unit of the car restarts
    And a stranger scans the photo the user took of the QR code
    Then the app of a stranger refuses the QR code
    And a stranger is not logged in to the car

  @req:D-SEC-3 @capability:qr_binding
  Scenario: A photo of another user's QR code that they have used is refused
    Given the user is logged in to the iSmart app
    And a stranger is logged in to the iSmart app
    And the user sits in the car with the infotainment system on
    When the user takes a photo of the QR code on the car
    And the user scans the photo of the QR code
    Then the user is logged in to the car
    When a stranger scans the photo the user took of the QR code
    Then the app of a stranger refuses the QR code
    And a stranger is not logged in to the car

  @req:IS-REG-3 @req:D-SEC-2
  Scenario: A registration code sent to someone else does not register
    Given the user has installed the iSmart app
    And a stranger has installed the iSmart app
    When the user enters their phone number and presses "Send"
    And a stranger enters their phone number and presses "Send"
    And a stranger enters the code sent to the user and presses "Register"
    Then a stranger is refused with "code_invalid"
    When a stranger enters the code and presses "Register"
    Then the account of a stranger is created

  @req:D-SEC-1 @req:IS-USER-3
  Scenario: A session ended by logging out of the app is refused everywhere
    Given the user has bound the car
    When the user logs out of the app
    Then the ended session of the user is refused everywhere
    When the user logs in with their phone number and password, accepting the user agreement and the privacy policy
    Then the car is still bound to the user

  @req:IS-USER-3 @capability:qr_binding
  Scenario: A user logged in to the car logs out on the head unit
    Given the user is logged in to the iSmart app
    And the user sits in the car with the infotainment system on
    And the user has logged in to the car with the first scan
    When the user presses "Log out" in the "User" menu of the car
    Then the head unit of the car shows no user
    And the user is not logged in to the car
    When the new user binds the car with two QR scans
    Then the car is bound to the new user

  @req:IS-USER-3 @req:D-SEC-6 @capability:qr_binding
  Scenario: A new user logged in to a bound car logs out on its head unit
    Given the previous user has bound the car
    And the new user is logged in to the iSmart app
    And the new user sits in the car with the infotainment system on
    And the new user has logged in to the car with the first scan
    When the new user presses "Log out" in the "User" menu of the car
    Then the new user is not logged in to the car
    And the car is still bound to the previous user

  @req:IS-USER-3
  Scenario: A bound user logs out of the car by removing the binding
    Given the user has bound the car
    When the user presses "Log out" in the "User" menu of the car
    Then the head unit of the car refuses with "already_bound"
    And the car is still bound to the user
    When the user unbinds the car with the code sent by SMS
    Then the head unit of the car shows no user
    When the new user binds the car with two QR scans
    Then the car is bound to the new user

  @req:D-SEC-4 @capability:force_unbinding
  Scenario: A stranger's "Reject" changes nothing; the previous user's "Agree" still completes
    Given the previous user has bound the car
    And the new user has requested force unbinding of the car
    And a stranger is logged in to the iSmart app
    When a stranger answers "Reject" to the force unbinding request
    Then a stranger is refused with "not_authorised"
    When the previous user presses "Agree" on the push message
    Then the car is not bound to the previous user
    And the new user receives a message that the unbinding is complete

  @req:D-SEC-4 @capability:force_unbinding
  Scenario: The new user can neither reject nor agree to their own request
    Given the previous user has bound the car
    And the new user has requested force unbinding of the car
    When the new user answers "Reject" to the force unbinding request
    Then the new user is refused with "not_authorised"
    When the new user answers "Agree" to the force unbinding request
    Then the new user is refused with "not_authorised"
    And the car is still bound to the previous user

  @req:D-SEC-5 @capability:dealer_force_unbinding
  Scenario: The audit record names the car, the previous user, the owner and the dealer
    Given the previous user has bound the car
    And the previous user has bound the other car
    And the new user is logged in to the iSmart app
    When the new user shows the dealer the registration certificate of the car
    Then the dealer's forced unbinding of the car succeeds
    And the dealer's audit record of the car names the previous user as the previous user
    And the dealer's audit record of the car names the new user as the owner
    And the dealer's audit record of the car names the dealer who unbound it
    And the dealer's audit records of the car name no other car
    And the dealer's audit records of the other car show no forced unbinding
    And the other car is still bound to the previous user

  @req:D-SEC-5 @capability:dealer_force_unbinding
  Scenario: Two owners, two dealers: each audit record names its own dealer
    Given the previous user has bound the car
    And the new user is logged in to the iSmart app
    And a stranger is logged in to the iSmart app
    When the new user shows the dealer the registration certificate of the car
    Then the dealer's forced unbinding of the car succeeds
    When the new user binds the car with two QR scans
    And a stranger shows another dealer the registration certificate of the car
    Then the dealer's audit record of the car names the dealer who unbound it
    And the dealer's audit record of the car names the new user as the previous user
    And the dealer's audit record of the car names a stranger as the owner

  @req:D-SEC-1
  Scenario: "No command within" counts from its own step, not from the user's earlier command
    Given the user has bound the car
    And a stranger is logged in to the iSmart app
    When the user sends the remote command "find my car" to the car
    Then the car carries out "find my car" within 1 minute
    When a stranger sends the remote command "find my car" to the car
    Then a stranger is refused with "not_authorised"
    And the car carries out no command within 5 minutes
