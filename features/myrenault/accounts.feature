@brand:myrenault
Feature: The My Renault account
  The account is reached from the web site and from the app with the same user name and
  password. It is created with "Create account" on the web site or "Register" in the app; a
  confirmation e-mail goes to the address given, and the account is complete only once the link
  in it is followed.

  @req:MR-ACC-2 @req:MR-ACC-3
  Scenario Outline: An account created from <client> is complete once the e-mailed link is followed
    When the user creates a My Renault account from <client>
    Then the user receives a confirmation e-mail with a link
    When the user logs in to My Renault from the app
    Then the user is refused with "account_not_confirmed"
    When the user follows the link in the confirmation e-mail
    And the user logs in to My Renault from the app
    Then the user is logged in to the app

    Examples:
      | client       |
      | the web site |
      | the app      |

  @req:MR-ACC-1
  Scenario: The same user name and password work on the web site and in the app
    Given the user has a confirmed My Renault account
    When the user logs in to My Renault from the web site
    Then the user is logged in on the web site
    When the user logs in to My Renault from the app
    Then the user is logged in to the app

  @req:MR-ACC-3
  Scenario Outline: An unconfirmed account cannot use the features from <client>
    Given the user has created a My Renault account without confirming it
    When the user logs in to My Renault from <client>
    Then the user is refused with "account_not_confirmed"

    Examples:
      | client       |
      | the web site |
      | the app      |

  @req:MR-ACC-3
  Scenario Outline: A complete account gets no new confirmation e-mail from <client>
    Given the user has a confirmed My Renault account
    When the user asks for the confirmation e-mail again from <client>
    Then the user is refused with "account_confirmed"

    Examples:
      | client       |
      | the web site |
      | the app      |
