@brand:ismart
Feature: Contact and feedback from the iSmart app
  "Contact Us" opens the phone's e-mail program with a message to MG's iSmart support;
  questions can also go through the menu item "Feedback".

  @req:IS-CONTACT-1
  Scenario: "Contact Us" writes to iSmart support
    Given the user is logged in to the iSmart app
    When the user presses "Contact Us" in the app
    Then the e-mail program of the user opens with a message to "mg.europe@ismart-service.com"
    And the app of the user has the menu item "Feedback"
