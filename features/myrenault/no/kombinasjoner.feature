# language: no
@brand:myrenault
Egenskap: Kombinasjoner: land, flere telefoner, nettstedet og tiden på døgnet
  My Renault-kunder bor i Danmark, Norge og Sverige og bruker den samme kontoen på nettstedet
  og i appen, gjerne på to telefoner. Synkroniseringen gjøres fra appen, ikke fra nettstedet.
  Lading som programmeres sent om kvelden, starter neste morgen.

  @req:MR-SYNC-3 @req:MR-FEAT-3
  Scenario: Nettstedet kan ikke starte en synkronisering
    Gitt brukeren har lagt til bilen i kontoen
    Og brukeren sitter i bilen med multimediesystemet på
    Når brukeren trykker på "Synkroniser kjøretøyet" for bilen på nettstedet
    Så brukeren får avvisningen "app_only"
    Og bilen er ikke synkronisert med brukeren

  @req:MR-ACC-1
  Scenario: Den samme kontoen logger inn på to telefoner og på nettstedet
    Gitt brukeren er logget inn i My Renault-appen
    Og brukeren er logget inn i appen på en annen telefon
    Når brukeren logger inn på My Renault fra nettstedet
    Så brukeren er logget inn på nettstedet

  @req:MR-FEAT-2
  Scenario: En kunde i Sverige fjernstyrer en bil solgt der
    Gitt brukeren er kunde i Sverige
    Og brukeren fjernstyrer bilen med PIN-koden "2468"
    Når brukeren sender fjernkommandoen "horn og lys" til bilen
    Så bilen utfører "horn og lys" innen 2 minutter

  @req:MR-EV-4
  Scenario: To kunder har to ladekort
    Gitt brukeren fjernstyrer bilen med PIN-koden "1111"
    Og en fremmed fjernstyrer den andre bilen med PIN-koden "2222"
    Så ladekortet til brukeren er ikke det samme som til en fremmed

  @req:MR-EV-2 @needs-clock
  Scenario: Lading programmert sent om kvelden til 06:00 starter neste morgen
    Gitt brukeren fjernstyrer en bil der modellen tilbyr "Programmering av lading" med PIN-koden "3434"
    Og klokken er 23:30 i markedet til bilen
    Når brukeren programmerer lading av bilen til å starte kl. 06:00
    Så den programmerte ladingen av bilen starter kl. 06:00
