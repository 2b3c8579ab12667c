# language: da
@brand:ismart
Egenskab: Fejl i nettene omkring en MG
  En SMS eller en push-besked går tabt, og bilen sover, indtil en SMS vækker den. Brugeren får
  et klart svar, kan spørge igen, og intet står halvt færdigt tilbage.

  @req:D-REL-3 @req:IS-REG-2
  Scenarie: En SMS med registreringskoden går tabt: brugeren spørger igen og bliver registreret
    Givet brugeren har installeret iSmart-appen
    Og den næste SMS går tabt
    Når brugeren indtaster telefonnummer og trykker "Send"
    Så ingen SMS når frem til brugeren inden for 10 minutter
    Når brugeren indtaster telefonnummer og trykker "Send"
    Så brugeren modtager en verifikationskode på SMS
    Når brugeren indtaster koden og trykker "Registrer"
    Så kontoen for brugeren er oprettet
    Og brugeren kan logge ind med telefonnummer og password

  @req:D-REL-3 @req:IS-FORCE-2
  Scenarie: En push-besked går tabt: den nye bruger spørger igen, og den tidligere bruger får anmodningen
    Givet den tidligere bruger har tilknyttet bilen
    Og den nye bruger er logget ind i iSmart-appen
    Og den nye bruger har logget ind i bilen med første scanning
    Og den næste push-besked går tabt
    Når den nye bruger trykker "Force unbinding" for bilen og bekræfter at der sendes en push-besked
    Så ingen push-besked når frem til den tidligere bruger inden for 10 minutter
    Når den nye bruger trykker "Force unbinding" for bilen og bekræfter at der sendes en push-besked
    Så den tidligere bruger modtager en push-besked med "Agree" og "Reject"
    Når den tidligere bruger trykker "Agree" på push-beskeden
    Så den nye bruger modtager en besked om at afbindingen er gennemført
    Og bilen er ikke tilknyttet den tidligere bruger

  @req:D-REL-1 @req:D-REL-3 @needs-clock
  Scenarie: Vække-SMS'en går tabt: kommandoen ender klart, og et nyt forsøg vækker bilen
    Givet brugeren har tilknyttet en bil hvis model tilbyder "Find my car"
    Og TCU'en i bilen sover
    Og den næste SMS går tabt
    Når brugeren sender fjernkommandoen "find my car" til bilen
    Så appen hos brugeren viser kommandoen som "car_unreachable" inden for platformens erklærede kommandotidsfrist
    Når brugeren sender fjernkommandoen "find my car" til bilen
    Så bilen udfører "find my car" præcis én gang inden for 2 minutter
    Og TCU'en i bilen blev vækket af en SMS
