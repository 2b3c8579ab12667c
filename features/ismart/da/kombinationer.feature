# language: da
@brand:ismart
Egenskab: Kombinationer: flere biler, flere telefoner, genstart og skift af bruger
  En bruger kan have flere biler og være logget ind i appen på mere end én telefon; skærmen i
  bilen kan genstarte, og ved skift af bruger skal man logge ud og fjerne tilknytningen. Hver
  bil beholder sin egen bruger, og beskeder når frem til hver telefon.

  @req:IS-UNBIND-3
  Scenarie: Afbinding af den ene af to biler lader den anden være tilknyttet
    Givet brugeren har tilknyttet bilen
    Og brugeren har tilknyttet den anden bil
    Når brugeren afbinder bilen med koden fra SMS
    Så bilen er ikke tilknyttet brugeren
    Og den anden bil er stadig tilknyttet brugeren

  @req:IS-UNBIND-3 @req:D-SEC-2
  Scenarie: Koden til afbinding af den ene bil afbinder ikke den anden
    Givet brugeren har tilknyttet bilen
    Og brugeren har tilknyttet den anden bil
    Når brugeren trykker på bilen i hovedmenuen, på bilen igen og vælger "unbind"
    Og brugeren trykker "Send" på afbindingsskærmen for bilen
    Så brugeren modtager en 6-cifret verifikationskode på SMS
    Når brugeren trykker på den anden bil i hovedmenuen, på bilen igen og vælger "unbind"
    Og brugeren indtaster koden og trykker "Unbind"
    Så brugeren får afvisningen "code_invalid"
    Og den anden bil er stadig tilknyttet brugeren

  @req:IS-FORCE-2 @capability:force_unbinding
  Scenarie: Anmodningen om force unbinding når frem til de telefoner, platformen sender til
    Givet den tidligere bruger har tilknyttet bilen
    Og den tidligere bruger er logget ind i appen på en anden telefon
    Og den nye bruger har logget ind i bilen med første scanning
    Når den nye bruger trykker "Force unbinding" for bilen og bekræfter at der sendes en push-besked
    Så en push-besked med "Agree" og "Reject" når frem til de telefoner hos den tidligere bruger, som platformen erklærer den sender til
    Og bilen er stadig tilknyttet den tidligere bruger

  @req:IS-FORCE-3 @req:D-SEC-4 @capability:force_unbinding @declared:push_to=all_devices
  Scenarie: "Agree" på den ene telefon; "Reject" på den anden bagefter ændrer intet
    Givet den tidligere bruger har tilknyttet bilen
    Og den tidligere bruger er logget ind i appen på en anden telefon
    Og den nye bruger har anmodet om force unbinding af bilen
    Når den tidligere bruger trykker "Agree" på push-beskeden
    Så bilen er ikke tilknyttet den tidligere bruger
    Når den tidligere bruger tager sin anden telefon
    Og den tidligere bruger trykker "Reject" på push-beskeden
    Så den tidligere bruger får afvisningen "request_closed"
    Og den nye bruger modtager en besked om at afbindingen er gennemført

  @req:D-SEC-4 @capability:force_unbinding
  Scenarie: En fremmeds "Reject" ændrer intet; den tidligere brugers "Agree" gennemfører stadig
    Givet den tidligere bruger har tilknyttet bilen
    Og den nye bruger har anmodet om force unbinding af bilen
    Og en fremmed er logget ind i iSmart-appen
    Når en fremmed svarer "Reject" på anmodningen om force unbinding
    Så en fremmed får afvisningen "not_authorised"
    Når den tidligere bruger trykker "Agree" på push-beskeden
    Så bilen er ikke tilknyttet den tidligere bruger
    Og den nye bruger modtager en besked om at afbindingen er gennemført

  @req:IS-BIND-3
  Scenarie: Tilknytningen og brugeren på skærmen overlever en genstart af skærmen
    Givet brugeren har tilknyttet bilen
    Når skærmen i bilen genstarter
    Så bilen er stadig tilknyttet brugeren
    Og skærmen i bilen viser brugeren som tilknyttet

  @req:IS-USER-3
  Scenarie: Skift bruger: den tilknyttede bruger logger ud ved at fjerne tilknytningen
    Givet brugeren har tilknyttet bilen
    Når brugeren trykker "Log ud" i menuen "User" i bilen
    Så skærmen i bilen viser afvisningen "already_bound"
    Og bilen er stadig tilknyttet brugeren
    Når brugeren afbinder bilen med koden fra SMS
    Så skærmen i bilen viser ingen bruger
    Når den nye bruger tilknytter bilen med to QR-scanninger
    Så bilen er tilknyttet den nye bruger

  @req:IS-USER-3 @capability:qr_binding
  Scenarie: En bruger, der kun er logget ind i bilen, logger ud på skærmen
    Givet brugeren er logget ind i iSmart-appen
    Og brugeren sidder i bilen med infotainmentsystemet tændt
    Og brugeren har logget ind i bilen med første scanning
    Når brugeren trykker "Log ud" i menuen "User" i bilen
    Så skærmen i bilen viser ingen bruger
    Og brugeren er ikke logget ind i bilen

  @req:IS-USER-3 @req:D-SEC-6 @capability:qr_binding
  Scenarie: En ny bruger, der er logget ind i en tilknyttet bil, logger ud på skærmen
    Givet den tidligere bruger har tilknyttet bilen
    Og den nye bruger er logget ind i iSmart-appen
    Og den nye bruger sidder i bilen med infotainmentsystemet tændt
    Og den nye bruger har logget ind i bilen med første scanning
    Når den nye bruger trykker "Log ud" i menuen "User" i bilen
    Så den nye bruger er ikke logget ind i bilen
    Og bilen er stadig tilknyttet den tidligere bruger

  @req:IS-SVC-1 @req:IS-BIND-3
  Scenarie: En ejer, der bor i Sverige, tilknytter en MG solgt dér og bruger den
    Givet brugeren bor i Sverige
    Og bilen er solgt i Sverige
    Og brugeren har tilknyttet bilen
    Når brugeren sender fjernkommandoen "klimaanlæg til" til bilen
    Så bilen udfører "klimaanlæg til" inden for 1 minut
