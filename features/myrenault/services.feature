@brand:myrenault
Feature: Renewing a service
  A service that expires is renewed from the Renault CONNECT store tab: "My services",
  "Renew", then step by step. Until then every function it covers is refused: remote control,
  locating the car, the battery and charging status, the charge pass, charging stations and
  route planning. Renewed before it expires, a service runs on from its old end date, by
  calendar months.

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

  @req:MR-SVC-1
  Scenario: Renewed before it expires, a service runs on twelve calendar months from its old end
    Given the "connected services" of the car end in 30 days
    And the user controls the car remotely with the PIN "2580"
    When the user renews "connected services" of the car for 12 months before it expires
    Then the app of the user shows "connected services" of the car ending 12 months after its previous end

  @req:MR-SVC-1 @needs-clock
  Scenario Outline: After the service expires, <function> is refused
    Given the "connected services" of the car end in 2 days
    And the user controls the car remotely with the PIN "2580"
    When 2 days pass
    And <action>
    Then the user is refused with "service_expired"

    Examples:
      | function                  | action                                                 |
      | locating the car          | the user locates the car on the app                    |
      | the battery status        | the user checks the battery of the car                 |
      | the charge pass           | the user opens the charge pass                         |
      | route planning            | the user plans a route with the car to Trondheim       |
      | finding charging stations | the user looks for free charging stations within 5 km  |

  @req:MR-SVC-1 @needs-clock
  Scenario: Renewed after it expired, the service's functions work again
    Given the "connected services" of the car end in 2 days
    And the user controls the car remotely with the PIN "2580"
    When 3 days pass
    And the user renews "connected services" of the car for 12 months
    And the user checks the battery of the car
    Then the app of the user shows the battery level and charging status of the car
    When the user locates the car on the app
    Then the app of the user shows where the car is parked
