@brand:myrenault
Feature: Registering the vehicle in the My Renault account
  From the account, "Add a vehicle": the VIN or the registration number, typed in or scanned.

  Background:
    Given the user is logged in to the My Renault app

  @req:MR-VEH-1
  Scenario Outline: A car is added by its <what>, <how>
    When the user adds the car by its <what>, <how>
    Then the car is in the app of the user

    Examples:
      | what                | how      |
      | VIN                 | typed in |
      | VIN                 | scanned  |
      | registration number | typed in |
      | registration number | scanned  |

  @req:MR-VEH-1
  Scenario Outline: A VIN typed with <mistake> is refused
    When the user types the VIN of the car with <mistake>
    Then the user is refused with "invalid_vin"
    And the car is not in the app of the user

    Examples:
      | mistake               |
      | a character missing   |
      | the letter O in it    |
      | a wrong check digit   |

  @req:MR-VEH-1
  Scenario: A registration number of no car is refused
    When the user types a registration number that belongs to no car
    Then the user is refused with "unknown_vehicle"
