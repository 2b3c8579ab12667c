@brand:ismart
Feature: Installing the MG iSmart app
  The app is found as "MG iSmart Europe" in the App Store and as "MG iSmart" in Google Play.
  Its publisher must be "SAIC Motor international Co. Ltd"; an app from anyone else is not
  genuine, and the platform does not serve it.

  @req:IS-APP-1
  Scenario Outline: The genuine app comes from <store>
    Given the user installs "<app>" from "<store>"
    Then the user sees the publisher "SAIC Motor international Co. Ltd"
    When the user enters their phone number and presses "Send"
    Then the user receives a verification code by SMS

    Examples:
      | store       | app              |
      | App Store   | MG iSmart Europe |
      | Google Play | MG iSmart        |

  @req:IS-APP-1
  Scenario Outline: An app from another publisher is not served
    Given the user installs "<app>" from "<store>"
    When the user enters their phone number and presses "Send"
    Then the user is refused with "app_not_genuine"
    And no SMS reaches the user within 10 minutes

    Examples:
      | store       | app                  |
      | App Store   | MG iSmart Lite       |
      | Google Play | iSmart Helper for MG |
      | Google Play | MG iSmart Europe     |
