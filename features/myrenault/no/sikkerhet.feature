# language: no
@brand:myrenault
Egenskap: Sikkerhet for bilen og synkroniseringen
  Bare en konto som er synkronisert med bilen, finner den og sender den kommandoer. Å kjenne
  understellsnummeret er ikke nok: en fremmed kan legge til bilen, men verken finne eller styre
  den, og kan ikke synkronisere utenfra. Den som gjetter PIN-koden, låser fjernstyringen.

  @req:D-SEC-1 @req:MR-VEH-1
  Scenario: En fremmed som legger til bilen med understellsnummeret, kan verken finne eller styre den
    Gitt brukeren fjernstyrer bilen med PIN-koden "2468"
    Og en fremmed er logget inn i My Renault-appen
    Når en fremmed legger til bilen med understellsnummer, skrevet inn
    Og en fremmed finner bilen på appen
    Så en fremmed får avvisningen "not_synchronised"
    Når en fremmed sender fjernkommandoen "horn og lys" til bilen
    Så en fremmed får avvisningen "not_synchronised"
    Og bilen utfører ingen kommando innen 5 minutter

  @req:D-SEC-1
  Scenario: En fremmed som ikke har lagt til bilen, kan ikke finne den
    Gitt brukeren har synkronisert bilen
    Og en fremmed er logget inn i My Renault-appen
    Når en fremmed finner bilen på appen
    Så en fremmed får avvisningen "not_authorised"

  @req:D-SEC-1 @req:MR-SYNC-2
  Scenario: En fremmed utenfor kupeen kan ikke synkronisere, selv mens brukeren sitter i bilen
    Gitt brukeren har synkronisert bilen
    Og en fremmed er logget inn i My Renault-appen
    Når en fremmed legger til bilen med understellsnummer, skrevet inn
    Og en fremmed synkroniserer bilen fra appen
    Og det går 10 minutter
    Så bilen er ikke synkronisert med en fremmed
    Og appen til brukeren viser bilen som synkronisert

  @req:D-SEC-2 @req:MR-PIN-1
  Scenario: Å gjette PIN-koden låser fjernstyringen
    Gitt brukeren fjernstyrer bilen med PIN-koden "2468"
    Når brukeren gjetter feil PIN-kode for "horn og lys" til bilen så mange ganger som plattformen tillater
    Så brukeren får avvisningen "too_many_attempts"
    Når brukeren skriver inn PIN-koden "2468" for neste fjernkommando
    Og brukeren sender fjernkommandoen "horn og lys" til bilen
    Så brukeren får avvisningen "too_many_attempts"
    Og bilen utfører ingen kommando innen 5 minutter

  @req:D-SEC-2 @req:MR-PIN-1
  Scenario: Én feil PIN-kode færre enn plattformen tillater, og den riktige PIN-koden styrer fortsatt bilen
    Gitt brukeren fjernstyrer bilen med PIN-koden "2468"
    Når brukeren gjetter feil PIN-kode for "horn og lys" til bilen én gang færre enn plattformen tillater
    Så brukeren får avvisningen "pin_invalid"
    Når brukeren skriver inn PIN-koden "2468" for neste fjernkommando
    Og brukeren sender fjernkommandoen "horn og lys" til bilen
    Så bilen utfører "horn og lys" nøyaktig én gang innen 2 minutter

  @req:D-SEC-2 @req:MR-PIN-1 @needs-clock
  Scenario: En sperret PIN-kode forblir sperret til den erklærte sperretiden, og låses opp da hvis plattformen sier det
    Gitt brukeren fjernstyrer bilen med PIN-koden "2468"
    Når brukeren gjetter feil PIN-kode for "horn og lys" til bilen så mange ganger som plattformen tillater
    Så brukeren får avvisningen "too_many_attempts"
    Når plattformens erklærte PIN-kodens sperretid går, minus 1 minutt
    Og brukeren skriver inn PIN-koden "2468" for neste fjernkommando
    Og brukeren sender fjernkommandoen "horn og lys" til bilen
    Så brukeren får avvisningen "too_many_attempts"
    Når det har gått 1 minutt
    Og brukeren skriver inn PIN-koden "2468" for neste fjernkommando
    Og brukeren sender fjernkommandoen "horn og lys" til bilen
    Så den riktige PIN-koden virker igjen hvis plattformen erklærer at en sperret PIN-kode låses opp, og avvises ellers
