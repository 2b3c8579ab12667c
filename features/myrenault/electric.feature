@brand:myrenault
Feature: Connected services for electric cars
  Battery level and charging status; the charge pass; free charging stations nearby; a route
  with charging stations along it.

  @req:MR-EV-1
  Scenario: Battery level and charging status follow the charging car
    Given the user controls a car whose model offers "Battery status" remotely with the PIN "1234"
    When the car is plugged in and charging
    And 1 hour passes
    And the user checks the battery of the car
    Then the app of the user shows the battery level and charging status of the car
    When 2 hours pass
    And the user checks the battery of the car
    Then the app of the user shows the battery level and charging status of the car

  @req:MR-EV-4 @capability:charging_stations
  Scenario: The charge pass
    Given the user controls a car whose model offers "Battery status" remotely with the PIN "1234"
    When the user opens the charge pass
    Then the app of the user shows an active charge pass

  @req:MR-EV-4 @capability:charging_stations
  Scenario: Free charging stations nearby, as they come and go
    Given the user controls a car whose model offers "Battery status" remotely with the PIN "1234"
    And a charging station within 5 km has no free connector
    When the user looks for free charging stations within 5 km
    Then the app of the user lists exactly the stations with a free connector within 5 km
    When 3 hours pass
    And the user looks for free charging stations within 5 km
    Then the app of the user lists exactly the stations with a free connector within 5 km

  @req:MR-EV-4 @capability:charging_stations
  Scenario: A route beyond the battery's range has charging stations along it
    Given the user controls a car whose model offers "Route planning" remotely with the PIN "1234"
    When the user plans a route with the car to Trondheim
    Then the route has charging stations along it, each with a free connector

  @req:MR-EV-4 @capability:charging_stations
  Scenario: A route within the battery's range needs no stop
    Given the user controls a car whose model offers "Route planning" remotely with the PIN "1234"
    When the user plans a route with the car to Drammen
    Then the route needs no charging stop
