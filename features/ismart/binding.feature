@brand:ismart @capability:qr_binding
Feature: Logging in to the car and binding it
  After logging in to the app, the user logs in to the car from the head unit's main menu,
  "User". The QR code on the head unit is scanned twice: the first scan logs the user in to
  the car, the second binds the car to the app. Typing the credentials on the head unit may
  replace the first scan.

  Background:
    Given the user is logged in to the iSmart app
    And the user sits in the car with the infotainment system on

  @req:IS-BIND-1 @req:IS-BIND-2 @req:IS-BIND-3
  Scenario: Two QR scans log in to the car and bind it
    When the user presses "User" in the main menu of the car
    Then the head unit of the car shows a QR code
    When the user presses "Bind" in the app and scans the QR code on the car
    Then the user is logged in to the car
    And the car is not bound to the user
    When the user scans the QR code on the car again
    Then the car is bound to the user
    And the head unit of the car shows the user as bound

  @req:IS-BIND-4
  Scenario: Typing the credentials on the head unit replaces the first scan
    When the user types their phone number and password on the head unit of the car
    Then the head unit of the car accepts the credentials
    And the user is logged in to the car
    When the user presses "Bind" in the app and scans the QR code on the car
    Then the car is bound to the user

  @req:IS-BIND-4
  Scenario: Wrong credentials on the head unit log nobody in
    When the user types a wrong password on the head unit of the car
    Then the head unit of the car refuses with "bad_credentials"
    And the user is not logged in to the car

  @req:IS-BIND-3
  Scenario: A third scan binds nothing more
    Given the user has bound the car
    When the user scans the QR code on the car again
    Then the user is refused with "already_bound"
    And the car is still bound to the user

  @req:D-SEC-3 @req:IS-BIND-2
  Scenario: A QR code works only once
    When the user takes a photo of the QR code on the car
    And the user presses "Bind" in the app and scans the QR code on the car
    Then the user is logged in to the car
    When the user scans the photo of the QR code
    Then the user is refused with "qr_used"
    And the car is not bound to the user

  @req:D-SEC-3 @needs-clock
  Scenario: A QR code is short-lived
    When the user takes a photo of the QR code on the car
    And the platform's declared QR code lifetime passes
    And the user scans the photo of the QR code
    Then the user is refused with "qr_expired"

  @req:D-SEC-3 @req:IS-BIND-2 @needs-clock
  Scenario: A QR code still logs in just before its declared lifetime ends
    When the user takes a photo of the QR code on the car
    And the platform's declared QR code lifetime passes, less 30 seconds
    And the user scans the photo of the QR code
    Then the user is logged in to the car

  @req:D-SEC-3 @req:IS-BIND-3
  Scenario: A QR code from another car does not bind this car
    Given the user has logged in to the car with the first scan
    And the user sits in the other car with the infotainment system on
    When the user presses "Bind" in the app and scans the QR code on the other car
    Then the car is not bound to the user
    And the other car is not bound to the user
    And the user is logged in to the other car

  @req:IS-USER-2
  Scenario: A second user cannot bind a bound car
    Given the previous user has bound the car
    And the new user is logged in to the iSmart app
    And the new user sits in the car with the infotainment system on
    When the new user presses "Bind" in the app and scans the QR code on the car
    Then the new user is logged in to the car
    When the new user scans the QR code on the car again
    Then the new user is refused with "already_bound"
    And the car is still bound to the previous user
    And the car is not bound to the new user
