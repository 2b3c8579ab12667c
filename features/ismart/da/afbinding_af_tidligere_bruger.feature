# language: da
@brand:ismart @capability:force_unbinding
Egenskab: Afbinding af tidligere bruger
  Hvis tidligere bruger ikke har unbindet, kan den nye bruger, logget ind i bilen, trykke
  "Force unbinding" i iSmart Appen og bekræfte at der sendes en push besked til tidligere bruger. "Agree"
  gennemfører afbindingen med det samme; uden svar gennemføres den automatisk efter 72 timer;
  "Reject" gennemfører den ikke, og så kan en MG forhandler hjælpe med en tvungen afbinding.
  Når afbindingen er bekræftet, modtager den nye bruger en besked.

  Baggrund:
    Givet den tidligere bruger har tilknyttet bilen
    Og den nye bruger er logget ind i iSmart-appen

  @req:IS-FORCE-1 @req:IS-FORCE-2 @req:D-SEC-6
  Scenarie: Den nye bruger logger ind i bilen og trykker "Force unbinding"
    Givet den nye bruger sidder i bilen med infotainmentsystemet tændt
    Når den nye bruger trykker "Bind" i appen og scanner QR-koden i bilen
    Så den nye bruger er logget ind i bilen
    Når den nye bruger scanner QR-koden i bilen igen
    Så den nye bruger får afvisningen "already_bound"
    Når den nye bruger trykker "Force unbinding" for bilen og bekræfter at der sendes en push-besked
    Så den tidligere bruger modtager en push-besked med "Agree" og "Reject"
    Og bilen er stadig tilknyttet den tidligere bruger

  @req:IS-FORCE-3 @req:IS-FORCE-7
  Scenarie: Tidligere bruger trykker "Agree"
    Givet den nye bruger har anmodet om force unbinding af bilen
    Når den tidligere bruger trykker "Agree" på push-beskeden
    Så bilen er ikke tilknyttet den tidligere bruger
    Og den nye bruger modtager en besked om at afbindingen er gennemført

  @req:IS-FORCE-4 @req:IS-FORCE-7 @needs-clock
  Scenarie: Tidligere bruger svarer ikke: afbindingen gennemføres efter præcis 72 timer
    Givet den nye bruger har anmodet om force unbinding af bilen
    Når der er gået 71 timer og 59 minutter siden anmodningen om force unbinding af bilen
    Så bilen er stadig tilknyttet den tidligere bruger
    Når der er gået 72 timer siden anmodningen om force unbinding af bilen
    Så bilen er ikke tilknyttet den tidligere bruger
    Og den nye bruger modtager en besked om at afbindingen er gennemført

  @req:IS-FORCE-5 @needs-clock
  Scenarie: Tidligere bruger trykker "Reject"
    Givet den nye bruger har anmodet om force unbinding af bilen
    Når den tidligere bruger trykker "Reject" på push-beskeden
    Så bilen er stadig tilknyttet den tidligere bruger
    Og den nye bruger modtager en besked om at afbindingen er afvist
    Når der går 80 timer
    Så bilen er stadig tilknyttet den tidligere bruger

  @req:IS-FORCE-6 @capability:dealer_force_unbinding
  Scenarie: Efter "Reject" hjælper en MG forhandler med en tvungen afbinding
    Givet den nye bruger har anmodet om force unbinding af bilen
    Når den tidligere bruger trykker "Reject" på push-beskeden
    Og den nye bruger viser forhandleren registreringsattesten for bilen
    Så forhandlerens tvungne afbinding af bilen lykkes
    Og bilen er ikke tilknyttet den tidligere bruger
    Og den nye bruger modtager en besked om at afbindingen er gennemført

  @req:IS-FORCE-6 @req:D-SEC-5 @capability:dealer_force_unbinding
  Scenarie: En forhandler uden dokumentation kan ikke afbinde
    Når forhandleren indsender en tvungen afbinding af bilen for den nye bruger uden dokumentation for ejerskab
    Så forhandleren får afvisningen "evidence_required"
    Og bilen er stadig tilknyttet den tidligere bruger

  @req:D-SEC-6
  Scenarie: En ny bruger, der kender stelnummeret, men ikke er logget ind i bilen, afvises
    Når den nye bruger trykker "Force unbinding" for bilen og bekræfter at der sendes en push-besked
    Så den nye bruger får afvisningen "not_authorised"
    Og ingen push-besked når frem til den tidligere bruger inden for 10 minutter
    Og bilen er stadig tilknyttet den tidligere bruger

  @req:D-SEC-6
  Scenarie: En ny bruger, der er logget ind i en anden bil, afvises
    Givet den nye bruger har logget ind i den anden bil med første scanning
    Når den nye bruger trykker "Force unbinding" for bilen og bekræfter at der sendes en push-besked
    Så den nye bruger får afvisningen "not_authorised"
    Og ingen push-besked når frem til den tidligere bruger inden for 10 minutter
    Og bilen er stadig tilknyttet den tidligere bruger

  @req:IS-FORCE-7 @req:IS-UNBIND-3
  Scenarie: Tidligere bruger afbinder med koden: anmodningen slutter, og den nye bruger får besked
    Givet den nye bruger har anmodet om force unbinding af bilen
    Når den tidligere bruger afbinder bilen med koden fra SMS
    Så den nye bruger modtager en besked om at afbindingen er gennemført
    Og bilen er ikke tilknyttet den tidligere bruger
    Når den tidligere bruger trykker "Agree" på push-beskeden
    Så den tidligere bruger får afvisningen "request_closed"
    Når den nye bruger tilknytter bilen med to QR-scanninger
    Så bilen er tilknyttet den nye bruger
