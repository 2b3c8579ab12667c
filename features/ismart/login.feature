@brand:ismart
Feature: Logging in to the iSmart app
  The user logs in with their phone number or e-mail address and password, and must accept
  the user agreement and the privacy policy.

  @req:IS-LOGIN-1 @req:IS-LOGIN-2
  Scenario Outline: Logging in with a <identifier>
    Given the user has an iSmart account with their <identifier>
    When the user logs in with their <identifier> and password, accepting the user agreement and the privacy policy
    Then the user is logged in to the app

    Examples:
      | identifier     |
      | phone number   |
      | e-mail address |

  @req:IS-LOGIN-2
  Scenario Outline: Logging in without accepting the <document> is refused
    Given the user has an iSmart account with their phone number
    When the user logs in without accepting the <document>
    Then the user is refused with "terms_not_accepted"
    And the user is not logged in to the app

    Examples:
      | document        |
      | user agreement  |
      | privacy policy  |

  @req:IS-LOGIN-1
  Scenario: A wrong password is refused
    Given the user has an iSmart account with their phone number
    When the user logs in with a wrong password
    Then the user is refused with "bad_credentials"
    And the user is not logged in to the app
