@brand:myrenault
Feature: Functions depend on the car's equipment, its contracts and the country's laws
  Which functions a user gets depends on the vehicle's equipment, the service contracts
  subscribed and the laws of the country. Programming charging and climate exists only on some
  models. A function the platform does not offer for the car is refused with a clear error.

  @req:MR-FEAT-2 @req:MR-EV-2
  Scenario: A model without programmed charging neither lists nor accepts it
    Given the user controls a car whose model lacks "Charge scheduling" remotely with the PIN "1212"
    Then the app of the user does not list the service "Charge scheduling" for the car
    When the user programs charging of the car to start at 01:00
    Then the user is refused with "service_not_available"

  @req:MR-FEAT-2
  Scenario: The country's law removes a function the car has
    Given the user controls a car sold where the law forbids "Horn and lights" remotely with the PIN "1212"
    Then the app of the user does not list the service "Horn and lights" for the car
    When the user sends the remote command "horn and lights" to the car
    Then the user is refused with "service_not_available"
    And the car carries out no command within 5 minutes

  @req:MR-EV-2
  Scenario: Programming charging on a model that has it
    Given the user controls a car whose model offers "Charge scheduling" remotely with the PIN "3434"
    Then the app of the user lists the service "Charge scheduling" for the car
    When the user programs charging of the car to start at 01:00
    Then the car carries out "schedule charging" within 2 minutes

  @req:MR-EV-3
  Scenario: Starting the climate from a distance
    Given the user controls a car whose model offers "Climate" remotely with the PIN "5656"
    When the user sends the remote command "climate on" to the car
    Then the car carries out "climate on" within 2 minutes

  @req:MR-EV-3
  Scenario: Programming the climate on a model that has it
    Given the user controls a car whose model offers "Climate scheduling" remotely with the PIN "7878"
    When the user programs the climate of the car to be ready at 07:30
    Then the car carries out "schedule climate" within 2 minutes

  @req:MR-EV-3 @req:MR-FEAT-2
  Scenario: A model without programmed climate refuses it
    Given the user controls a car whose model lacks "Climate scheduling" remotely with the PIN "9090"
    When the user programs the climate of the car to be ready at 07:30
    Then the user is refused with "service_not_available"
    And the car carries out no command within 5 minutes
