@brand:myrenault
Feature: What the My Renault account offers
  From the account: vehicle information, appointments and booking one, locating the parked
  car, horn and lights from a distance, contracts and services, the E-guide, approved dealers
  nearby, and the My Renault PIN. Remote control needs the services activated first and the PIN;
  some functions exist only in the app.

  @req:MR-FEAT-1
  Scenario: Vehicle information and the E-guide
    Given the user has synchronised the car
    When the user opens the vehicle information of the car
    Then the app of the user shows the model, plate and VIN of the car
    When the user opens the E-guide of the car
    Then the app of the user shows the E-guide for the model of the car

  @req:MR-FEAT-1
  Scenario: Locating where the car is parked
    Given the user has synchronised the car
    When the user locates the car on the app
    Then the app of the user shows where the car is parked

  @req:MR-FEAT-1 @req:MR-PIN-1
  Scenario: Horn and lights from a distance
    Given the user controls the car remotely with the PIN "2468"
    When the user sends the remote command "horn and lights" to the car
    Then the car carries out "horn and lights" within 2 minutes
    And the app of the user shows the command as "done"

  @req:MR-FEAT-1
  Scenario: Approved dealers nearby, nearest first
    Given the user is logged in to the My Renault app
    When the user looks for approved dealers within 30 km
    Then the app of the user lists the approved dealers within 30 km, nearest first

  @req:MR-FEAT-1 @capability:appointments
  Scenario: Booking an appointment with a dealer
    Given the user has added the car to the account
    When the user books the first free time at the nearest dealer for the car
    Then the appointment is in the calendar of the car
    And the dealer receives the booking by e-mail and the time is no longer free

  @req:MR-PIN-1
  Scenario: Remote control needs the My Renault PIN
    Given the user has synchronised the car
    And the user activates the services of the car
    When the user sends the remote command "horn and lights" to the car
    Then the user is refused with "pin_required"
    When the user creates the My Renault PIN "1357"
    And the user types the PIN "7531" for the next remote command
    And the user sends the remote command "horn and lights" to the car
    Then the user is refused with "pin_invalid"
    And the car carries out no command within 5 minutes

  @req:MR-PIN-1
  Scenario: Changing the My Renault PIN
    Given the user controls the car remotely with the PIN "1111"
    When the user changes the My Renault PIN from "9999" to "2222"
    Then the user is refused with "pin_invalid"
    When the user changes the My Renault PIN from "1111" to "2222"
    And the user types the PIN "1111" for the next remote command
    And the user sends the remote command "horn and lights" to the car
    Then the user is refused with "pin_invalid"
    When the user types the PIN "2222" for the next remote command
    And the user sends the remote command "horn and lights" to the car
    Then the car carries out "horn and lights" within 2 minutes

  @req:MR-FEAT-4
  Scenario: Remote control only after the services are activated
    Given the user has synchronised the car
    And the user creates the My Renault PIN "4321"
    When the user sends the remote command "horn and lights" to the car
    Then the user is refused with "services_not_activated"
    When the user activates the services of the car
    And the user sends the remote command "horn and lights" to the car
    Then the car carries out "horn and lights" within 2 minutes

  @req:MR-FEAT-3
  Scenario: Some functions exist only in the app
    Given the user controls the car remotely with the PIN "8642"
    When the user sends the remote command "horn and lights" to the car from the web site
    Then the user is refused with "app_only"
    When the user locates the car on the web site
    Then the user is refused with "app_only"
    And the car carries out no command within 5 minutes
    When the user opens "My services" for the car on the web site
    Then "My services" shows "connected services" as active

  @req:MR-NET-1
  Scenario: Without the phone's internet connection the app says so and nothing is half-done
    Given the user controls the car remotely with the PIN "5555"
    And the phone of the user has no internet connection
    When the user sends the remote command "horn and lights" to the car
    Then the user is refused with "no_internet"
    And the car carries out no command within 5 minutes
    When the phone of the user is back online
    And the user sends the remote command "horn and lights" to the car
    Then the car carries out "horn and lights" within 2 minutes

  @req:MR-NET-1 @req:D-REL-2
  Scenario: The connection drops before the answer: trying again honks once
    Given the user controls the car remotely with the PIN "5555"
    When the user sends the remote command "horn and lights" to the car but the connection drops before the answer
    Then the user is refused with "no_internet"
    When the phone of the user is back online
    And the user tries the same command again
    Then the car carries out "horn and lights" exactly once within 5 minutes

  @req:MR-FEAT-1 @req:D-REL-1
  Scenario: A sleeping car is woken by SMS to honk
    Given the user controls the car remotely with the PIN "3690"
    And the TCU of the car is asleep
    When the user sends the remote command "horn and lights" to the car
    Then the car carries out "horn and lights" within 2 minutes
    And the TCU of the car was woken by an SMS
    And the app of the user shows the command as "done"

  @req:MR-FEAT-1 @req:D-REL-1 @needs-clock
  Scenario: A car out of coverage ends with a clear status
    Given the user controls the car remotely with the PIN "3690"
    And the car has no network coverage
    When the user sends the remote command "horn and lights" to the car
    Then the app of the user shows the command as "car_unreachable" within the platform's declared command time-out
    And the car carries out no command within 5 minutes
