@brand:myrenault
Feature: Renewing a service
  A service that expires is renewed from the Renault CONNECT store tab: "My services",
  "Renew", then step by step. Until then its functions are refused.

  @req:MR-SVC-1 @needs-clock
  Scenario: An expired service is refused until it is renewed
    Given the "connected services" of the car end in 2 days
    And the user controls the car remotely with the PIN "2580"
    When 2 days pass
    And the user sends the remote command "horn and lights" to the car
    Then the user is refused with "service_expired"
    When the user opens "My services" for the car on the app
    Then "My services" shows "connected services" as expired
    When the user renews "connected services" of the car for 12 months
    And the user opens "My services" for the car on the app
    Then "My services" shows "connected services" as active
    When the user sends the remote command "horn and lights" to the car
    Then the car carries out "horn and lights" within 2 minutes

  @req:MR-SVC-1 @needs-clock
  Scenario: A service works until the last moment of its term
    Given the "connected services" of the car end in 2 days
    And the user controls the car remotely with the PIN "2580"
    When 1 day and 23 hours pass
    And the user sends the remote command "horn and lights" to the car
    Then the car carries out "horn and lights" within 2 minutes
