# language: da
@brand:ismart
Egenskab: Sikkerhed for bilen og dens tilknytning
  Kun den tilknyttede bruger læser bilens status og sender den kommandoer: ikke en bruger, der
  har afbundet den, og heller ikke med en kommando, der stadig venter på, at bilen vågner. Et
  svar på en anmodning om force unbinding, der er afsluttet, ændrer intet, og en forhandler
  afbinder kun på papirer for netop den bil.

  @req:D-SEC-1
  Scenarie: En bruger, der har afbundet bilen, kan hverken læse dens status eller styre den
    Givet brugeren har tilknyttet bilen
    Når brugeren afbinder bilen med koden fra SMS
    Og brugeren beder om status for bilen
    Så brugeren får afvisningen "not_authorised"
    Når brugeren sender fjernkommandoen "lås op" til bilen
    Så brugeren får afvisningen "not_authorised"
    Og bilen udfører ingen kommando inden for 5 minutter

  @req:D-SEC-1 @req:D-REL-1
  Scenarie: En kommando, der venter på den sovende bil, annulleres, når afsenderen afbinder bilen
    Givet brugeren har tilknyttet en bil hvis model tilbyder "Digital Key"
    Og TCU'en i bilen sover
    Og den næste SMS kommer 2 minutter for sent
    Når brugeren sender fjernkommandoen "lås op" til bilen
    Og brugeren afbinder bilen med koden fra SMS
    Så bilen udfører ingen kommando inden for 5 minutter
    Og TCU'en i bilen blev vækket af en SMS
    Og appen hos brugeren viser kommandoen som "cancelled"

  @req:D-SEC-1 @req:D-SEC-5 @capability:dealer_force_unbinding
  Scenarie: En kommando, der venter på den sovende bil, annulleres, når en forhandler afbinder afsenderen
    Givet den tidligere bruger har tilknyttet en bil hvis model tilbyder "Find my car"
    Og den nye bruger er logget ind i iSmart-appen
    Og TCU'en i bilen sover
    Og den næste SMS kommer 2 minutter for sent
    Når den tidligere bruger sender fjernkommandoen "find my car" til bilen
    Og den nye bruger viser forhandleren registreringsattesten for bilen
    Så forhandlerens tvungne afbinding af bilen lykkes
    Og bilen udfører ingen kommando inden for 5 minutter
    Og appen hos den tidligere bruger viser kommandoen som "cancelled"

  @req:D-SEC-4 @req:IS-FORCE-3 @capability:force_unbinding
  Scenarie: Reject efter Agree ændrer intet
    Givet den tidligere bruger har tilknyttet bilen
    Og den nye bruger er logget ind i iSmart-appen
    Og den nye bruger har anmodet om force unbinding af bilen
    Når den tidligere bruger trykker "Agree" på push-beskeden
    Og den tidligere bruger trykker "Reject" på push-beskeden
    Så den tidligere bruger får afvisningen "request_closed"
    Og bilen er ikke tilknyttet den tidligere bruger
    Når den nye bruger tilknytter bilen med to QR-scanninger
    Så bilen er tilknyttet den nye bruger

  @req:D-SEC-5 @capability:dealer_force_unbinding
  Scenarie: Registreringsattesten for en anden bil lader ikke en forhandler afbinde bilen
    Givet den tidligere bruger har tilknyttet bilen
    Og den nye bruger er logget ind i iSmart-appen
    Når forhandleren indsender en tvungen afbinding af bilen for den nye bruger med registreringsattesten for den anden bil
    Så forhandleren får afvisningen "evidence_required"
    Og bilen er stadig tilknyttet den tidligere bruger
    Og forhandlerens revisionslog for bilen viser ingen tvungen afbinding
