# language: da
@brand:ismart
Egenskab: Afbinding (Unbind)
  Hvis man ikke længere ønsker at være tilknyttet bilen, foretages en afbinding: tryk på bilen
  under hovedmenuen, på bilen igen, og vælg "unbind". Tryk "Send" for at modtage en 6-cifret
  verifikationskode på SMS, indtast den og tryk "Unbind".

  Baggrund:
    Givet brugeren har tilknyttet bilen

  @req:IS-UNBIND-1 @req:IS-UNBIND-2 @req:IS-UNBIND-3
  Scenarie: Afbinding med den 6-cifrede kode fra SMS
    Når brugeren trykker på bilen i hovedmenuen, på bilen igen og vælger "unbind"
    Og brugeren trykker "Send" på afbindingsskærmen for bilen
    Så brugeren modtager en 6-cifret verifikationskode på SMS
    Når brugeren indtaster koden og trykker "Unbind"
    Så appen hos brugeren bekræfter at afbindingen er gennemført
    Og brugeren ser ikke længere bilen i appen
    Og skærmen i bilen viser ingen bruger

  @req:IS-UNBIND-3
  Scenarie: En forkert kode afbinder ikke
    Når brugeren trykker "Send" på afbindingsskærmen for bilen
    Og brugeren indtaster en forkert kode og trykker "Unbind"
    Så brugeren får afvisningen "code_invalid"
    Og bilen er stadig tilknyttet brugeren

  @req:IS-UNBIND-3 @req:D-SEC-2 @needs-clock
  Scenarie: En udløbet kode afbinder ikke
    Når brugeren trykker "Send" på afbindingsskærmen for bilen
    Så brugeren modtager en 6-cifret verifikationskode på SMS
    Når platformens erklærede kodens levetid går
    Og brugeren indtaster koden og trykker "Unbind"
    Så brugeren får afvisningen "code_expired"
    Og bilen er stadig tilknyttet brugeren

  @req:IS-UNBIND-3 @req:D-SEC-2 @needs-clock
  Scenarie: En kode afbinder stadig lige før dens erklærede levetid udløber
    Når brugeren trykker "Send" på afbindingsskærmen for bilen
    Så brugeren modtager en 6-cifret verifikationskode på SMS
    Når platformens erklærede kodens levetid går, minus 1 minut
    Og brugeren indtaster koden og trykker "Unbind"
    Så appen hos brugeren bekræfter at afbindingen er gennemført

  @req:D-SEC-2 @req:IS-UNBIND-3
  Scenarie: At gætte koden låser den
    Når brugeren trykker "Send" på afbindingsskærmen for bilen
    Og brugeren indtaster en forkert kode så mange gange som platformen tillader og trykker "Unbind"
    Og brugeren indtaster koden og trykker "Unbind"
    Så brugeren får afvisningen "too_many_attempts"
    Og bilen er stadig tilknyttet brugeren

  @req:D-SEC-2 @req:IS-UNBIND-3
  Scenarie: Én forkert kode færre end platformen tillader, og den rigtige kode afbinder stadig
    Når brugeren trykker "Send" på afbindingsskærmen for bilen
    Og brugeren indtaster en forkert kode én gang færre end platformen tillader og trykker "Unbind"
    Så brugeren får afvisningen "code_invalid"
    Når brugeren indtaster koden og trykker "Unbind"
    Så appen hos brugeren bekræfter at afbindingen er gennemført

  @req:D-SEC-2
  Scenarie: En kode kan kun bruges én gang
    Når brugeren afbinder bilen med koden fra SMS
    Og brugeren tilknytter bilen med to QR-scanninger
    Og brugeren indtaster den samme kode igen og trykker "Unbind"
    Så brugeren får afvisningen "code_used"
    Og bilen er stadig tilknyttet brugeren
