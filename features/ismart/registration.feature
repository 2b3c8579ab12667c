@brand:ismart
Feature: Creating an iSmart account
  An account is created with an e-mail address or a phone number: the user presses "Send",
  receives a verification code by SMS or e-mail, types it with a password of their choice and
  presses "Register".

  Background:
    Given the user has installed the iSmart app

  @req:IS-REG-1 @req:IS-REG-2 @req:IS-REG-3
  Scenario Outline: An account is created with a <identifier>
    When the user enters their <identifier> and presses "Send"
    Then the user receives a verification code by <channel>
    When the user enters the code and presses "Register"
    Then the account of the user is created
    And the user can log in with their <identifier> and password

    Examples:
      | identifier     | channel |
      | phone number   | SMS     |
      | e-mail address | e-mail  |

  @req:IS-REG-3
  Scenario: A wrong code creates no account
    When the user enters their phone number and presses "Send"
    And the user enters a wrong code and presses "Register"
    Then the user is refused with "code_invalid"
    When the user logs in with their phone number and password, accepting the user agreement and the privacy policy
    Then the user is refused with "bad_credentials"

  @req:IS-REG-3 @req:D-SEC-2 @needs-clock
  Scenario: An expired code creates no account
    When the user enters their phone number and presses "Send"
    Then the user receives a verification code by SMS
    When the platform's declared code lifetime passes
    And the user enters the code and presses "Register"
    Then the user is refused with "code_expired"

  @req:IS-REG-3 @req:D-SEC-2 @needs-clock
  Scenario: A code still registers just before its declared lifetime ends
    When the user enters their phone number and presses "Send"
    Then the user receives a verification code by SMS
    When the platform's declared code lifetime passes, less 1 minute
    And the user enters the code and presses "Register"
    Then the account of the user is created

  @req:IS-REG-3 @req:D-SEC-2
  Scenario: Guessing the code locks it
    When the user enters their phone number and presses "Send"
    And the user enters a wrong code as many times as the platform allows and presses "Register"
    Then the user is refused with "too_many_attempts"
    When the user enters the code and presses "Register"
    Then the user is refused with "too_many_attempts"

  @req:IS-REG-3 @req:D-SEC-2
  Scenario: One wrong code fewer than the platform allows still lets the right code register
    When the user enters their phone number and presses "Send"
    And the user enters a wrong code one time fewer than the platform allows and presses "Register"
    Then the user is refused with "code_invalid"
    When the user enters the code and presses "Register"
    Then the account of the user is created

  @req:IS-REG-2 @req:IS-REG-3
  Scenario: A code received in time still works after a few minutes
    When the user enters their e-mail address and presses "Send"
    Then the user receives a verification code by e-mail
    When 3 minutes pass
    And the user enters the code and presses "Register"
    Then the account of the user is created
