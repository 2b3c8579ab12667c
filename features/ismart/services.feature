@brand:ismart
Feature: Services and functions in the app
  Which services the app offers depends on the MG model: climate, EV management, digital key,
  find my car, map and POI, vehicle status, notifications. Only the bound user may read the
  car's status or send it commands.

  @req:IS-SVC-1
  Scenario Outline: A model that offers "<service>" shows it in the app
    Given the user has bound a car whose model offers "<service>"
    Then the app of the user lists the service "<service>" for the car

    Examples:
      | service        |
      | Climate        |
      | EV Management  |
      | Digital Key    |
      | Find my car    |
      | MAP and POI    |
      | Vehicle status |
      | Notifications  |

  @req:IS-SVC-1
  Scenario: A model without a digital key neither lists nor runs it
    Given the user has bound a car whose model lacks "Digital Key"
    Then the app of the user does not list the service "Digital Key" for the car
    When the user sends the remote command "lock" to the car
    Then the user is refused with "service_not_available"
    And the car carries out no command within 5 minutes

  @req:IS-SVC-1
  Scenario Outline: The remote command "<command>" reaches the car
    Given the user has bound a car whose model offers "<service>"
    When the user sends the remote command "<command>" to the car
    Then the car carries out "<command>" within 1 minute
    And the app of the user shows the command as "done"

    Examples:
      | service     | command     |
      | Climate     | climate on  |
      | Digital Key | unlock      |
      | Find my car | find my car |

  @req:IS-SVC-1
  Scenario: The app shows the car's status
    Given the user has bound a car whose model offers "Vehicle status"
    When the user asks for the status of the car
    Then the app of the user shows where the car is parked and whether it is locked

  @req:D-SEC-1
  Scenario: A stranger can neither read nor command someone else's car
    Given the user has bound the car
    And a stranger is logged in to the iSmart app
    When a stranger asks for the status of the car
    Then a stranger is refused with "not_authorised"
    When a stranger sends the remote command "unlock" to the car
    Then a stranger is refused with "not_authorised"
    And the car carries out no command within 5 minutes
