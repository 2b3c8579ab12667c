# language: no
@brand:myrenault
Egenskap: Synkroniser My Renault-kontoen med kjøretøyet
  For å samhandle med bilen må My Renault-appen synkroniseres med bilen. Du må oppholde deg i
  kupeen, stå parkert i et område med nettverksdekning, og multimediesystemet må være slått på.
  Uten synkronisering får du ikke tilgang til serviceavtalene. Når kontoen er tilknyttet
  multimediesystemet, skjer synkroniseringen automatisk.

  Bakgrunn:
    Gitt brukeren har lagt til bilen i kontoen

  @req:MR-SYNC-1 @req:MR-SYNC-2 @req:MR-SYNC-3
  Scenario: Synkronisering når alle fire vilkårene er oppfylt
    Gitt brukeren sitter i bilen med multimediesystemet på
    Når brukeren trykker på "Synkroniser kjøretøyet" for bilen og bekrefter ved å trykke en gang til
    Og brukeren følger instruksjonene på skjermen til multimediesystemet i bilen
    Så appen til brukeren viser bilen som synkronisert

  @req:MR-SYNC-3 @needs-clock
  Scenario: Skjermen til multimediesystemet synkroniserer fortsatt rett før den erklærte tidsfristen
    Gitt brukeren sitter i bilen med multimediesystemet på
    Når brukeren trykker på "Synkroniser kjøretøyet" for bilen og bekrefter ved å trykke en gang til
    Og plattformens erklærte synkroniseringens tidsfrist går, minus 30 sekunder
    Og brukeren følger instruksjonene på skjermen til multimediesystemet i bilen
    Så appen til brukeren viser bilen som synkronisert

  @req:MR-SYNC-3 @needs-clock
  Scenario: Etter den erklærte tidsfristen synkroniserer skjermen til multimediesystemet ikke lenger
    Gitt brukeren sitter i bilen med multimediesystemet på
    Når brukeren trykker på "Synkroniser kjøretøyet" for bilen og bekrefter ved å trykke en gang til
    Og plattformens erklærte synkroniseringens tidsfrist går
    Og det går 10 sekunder
    Og brukeren følger instruksjonene på skjermen til multimediesystemet i bilen
    Så bilen er ikke synkronisert med brukeren

  @req:MR-SYNC-2
  Abstrakt Scenario: Ingen synkronisering når <vilkår>
    Gitt brukeren sitter i bilen med multimediesystemet på
    Men <vilkår>
    Når brukeren synkroniserer bilen fra appen
    Så synkroniseringen mislykkes med årsaken "<årsak>"
    Og bilen er ikke synkronisert med brukeren

    Eksempler:
      | vilkår                             | årsak              |
      | brukeren er ikke i kupeen          | user_not_in_cabin  |
      | bilen kjører                       | vehicle_not_parked |
      | bilen står uten nettverksdekning   | no_coverage        |
      | multimediesystemet er slått av     | multimedia_off     |

  @req:MR-SYNC-3
  Scenario: Ett trykk på "Synkroniser kjøretøyet" er ikke nok
    Gitt brukeren sitter i bilen med multimediesystemet på
    Når brukeren trykker på "Synkroniser kjøretøyet" for bilen bare én gang
    Så brukeren får avvisningen "confirmation_required"

  @req:MR-SYNC-4
  Scenario: Uten synkronisering er serviceavtalene utilgjengelige
    Når brukeren åpner "Mine tjenester" for bilen på appen
    Så brukeren får avvisningen "not_synchronised"

  @req:MR-SYNC-5
  Scenario: Etter at multimediesystemet starter på nytt, skjer synkroniseringen automatisk
    Gitt brukeren har synkronisert bilen
    Når multimediesystemet i bilen starter på nytt
    Så appen til brukeren viser bilen som synkronisert
