# language: da
@brand:ismart @capability:qr_binding
Egenskab: Log ind i bilen og opret tilknytning (Bind)
  Efter konto login i iSmart Appen skal der logges ind med sin konto i bilen. QR koden
  scannes to gange: første gang for at logge ind i bilen, anden gang for at tilknytte bilen
  til sin iSmart App. Alternativt kan man indtaste bruger oplysninger i stedet for at scanne
  første gang.

  Baggrund:
    Givet brugeren er logget ind i iSmart-appen
    Og brugeren sidder i bilen med infotainmentsystemet tændt

  @req:IS-BIND-1 @req:IS-BIND-2 @req:IS-BIND-3
  Scenarie: QR koden scannes to gange
    Når brugeren trykker på "User" i hovedmenuen i bilen
    Så skærmen i bilen viser en QR-kode
    Når brugeren trykker "Bind" i appen og scanner QR-koden i bilen
    Så brugeren er logget ind i bilen
    Og bilen er ikke tilknyttet brugeren
    Når brugeren scanner QR-koden i bilen igen
    Så bilen er tilknyttet brugeren
    Og skærmen i bilen viser brugeren som tilknyttet

  @req:IS-BIND-4
  Scenarie: Bruger oplysninger indtastes i stedet for første scanning
    Når brugeren indtaster telefonnummer og password på skærmen i bilen
    Så skærmen i bilen accepterer login-oplysningerne
    Og brugeren er logget ind i bilen
    Når brugeren trykker "Bind" i appen og scanner QR-koden i bilen
    Så bilen er tilknyttet brugeren

  @req:IS-BIND-3
  Scenarie: En tredje scanning tilknytter ikke igen
    Givet brugeren har tilknyttet bilen
    Når brugeren scanner QR-koden i bilen igen
    Så brugeren får afvisningen "already_bound"
    Og bilen er stadig tilknyttet brugeren

  @req:D-SEC-3
  Scenarie: En QR kode kan kun bruges én gang
    Når brugeren tager et billede af QR-koden i bilen
    Og brugeren trykker "Bind" i appen og scanner QR-koden i bilen
    Og brugeren scanner billedet af QR-koden
    Så brugeren får afvisningen "qr_used"
    Og bilen er ikke tilknyttet brugeren

  @req:D-SEC-3 @needs-clock
  Scenarie: En QR kode udløber
    Når brugeren tager et billede af QR-koden i bilen
    Og platformens erklærede QR-kodens levetid går
    Og brugeren scanner billedet af QR-koden
    Så brugeren får afvisningen "qr_expired"

  @req:D-SEC-3 @req:IS-BIND-2 @needs-clock
  Scenarie: En QR kode logger stadig ind lige før dens erklærede levetid udløber
    Når brugeren tager et billede af QR-koden i bilen
    Og platformens erklærede QR-kodens levetid går, minus 30 sekunder
    Og brugeren scanner billedet af QR-koden
    Så brugeren er logget ind i bilen

  @req:IS-USER-2
  Scenarie: Der kan ikke være flere brugere tilknyttet den samme bil
    Givet den tidligere bruger har tilknyttet bilen
    Og den nye bruger er logget ind i iSmart-appen
    Og den nye bruger sidder i bilen med infotainmentsystemet tændt
    Når den nye bruger trykker "Bind" i appen og scanner QR-koden i bilen
    Så den nye bruger er logget ind i bilen
    Når den nye bruger scanner QR-koden i bilen igen
    Så den nye bruger får afvisningen "already_bound"
    Og bilen er stadig tilknyttet den tidligere bruger
