# language: no
@brand:myrenault
Egenskap: Feil i nettene rundt en Renault
  E-posten med bekreftelse går tapt eller kommer timer for sent; bilen kjører inn i et område
  uten dekning mens horn og lys er på vei. Brukeren får et klart svar, kan prøve igjen, og ingenting blir
  stående halvgjort.

  @req:D-REL-3 @req:MR-ACC-3 @needs-clock
  Scenario: En e-post med bekreftelse som kommer timer for sent, fullfører likevel kontoen
    Gitt den neste e-posten kommer 3 timer for sent
    Når brukeren oppretter en My Renault-konto fra appen
    Så ingen e-post kommer fram til brukeren innen 10 minutter
    Når brukeren logger inn på My Renault fra appen
    Så brukeren får avvisningen "account_not_confirmed"
    Når det går 3 timer
    Og brukeren klikker på lenken i e-postbekreftelsen
    Og brukeren logger inn på My Renault fra appen
    Så brukeren er logget inn i appen

  @req:D-REL-3 @req:MR-ACC-3
  Scenario: En e-post med bekreftelse som går tapt, sendes på nytt, og lenken fullfører kontoen
    Gitt den neste e-posten går tapt
    Når brukeren oppretter en My Renault-konto fra nettstedet
    Så ingen e-post kommer fram til brukeren innen 10 minutter
    Når brukeren logger inn på My Renault fra appen
    Så brukeren får avvisningen "account_not_confirmed"
    Når brukeren ber om e-postbekreftelsen på nytt fra appen
    Så brukeren mottar en e-post med bekreftelse og en lenke
    Når brukeren klikker på lenken i e-postbekreftelsen
    Og brukeren logger inn på My Renault fra appen
    Så brukeren er logget inn i appen
    Når brukeren logger inn på My Renault fra nettstedet
    Så brukeren er logget inn på nettstedet

  @req:D-REL-1 @req:MR-FEAT-1 @needs-clock
  Scenario: Bilen kjører inn i et område uten dekning mens horn og lys er på vei
    Gitt brukeren fjernstyrer bilen med PIN-koden "4321"
    Og bilen kjører inn i et område uten dekning i lengre enn plattformens erklærte kommandotidsfrist mens den neste kommandoen er på vei
    Når brukeren sender fjernkommandoen "horn og lys" til bilen
    Så appen til brukeren viser kommandoen som "car_unreachable" innen plattformens erklærte kommandotidsfrist
    Og bilen utfører ingen kommando innen 5 minutter
    Når brukeren sender fjernkommandoen "horn og lys" til bilen
    Så bilen utfører "horn og lys" nøyaktig én gang innen 2 minutter
