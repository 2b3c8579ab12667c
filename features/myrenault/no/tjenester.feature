# language: no
@brand:myrenault
Egenskap: Fornye en tjeneste
  Hvis du skal fornye en av tjenestene dine ved utløp, åpner du fanen Renault CONNECT store i
  My Renault og velger Mine tjenester, så Forny. Til da avvises alt tjenesten dekker:
  fjernstyring, å finne bilen, batterinivå og ladestatus, ladekortet og reiseruten. Fornyet
  før den utløper, løper tjenesten videre fra den gamle sluttdatoen, i kalendermåneder.

  @req:MR-SVC-1
  Scenario: Fornyet før den utløper, løper tjenesten tolv kalendermåneder fra den gamle sluttdatoen
    Gitt de "tilkoblede tjenester" for bilen utløper om 30 dager
    Og brukeren fjernstyrer bilen med PIN-koden "2580"
    Når brukeren fornyer "tilkoblede tjenester" for bilen i 12 måneder før den utløper
    Så appen til brukeren viser at "tilkoblede tjenester" for bilen utløper 12 måneder etter forrige sluttdato

  @req:MR-SVC-1 @needs-clock
  Abstrakt Scenario: Etter at tjenesten har utløpt, avvises <funksjon>
    Gitt de "tilkoblede tjenester" for bilen utløper om 2 dager
    Og brukeren fjernstyrer bilen med PIN-koden "2580"
    Når det går 2 dager
    Og <handling>
    Så brukeren får avvisningen "service_expired"

    Eksempler:
      | funksjon           | handling                                                |
      | å finne bilen      | brukeren finner bilen på appen                          |
      | batteristatusen    | brukeren sjekker batteriet i bilen                      |
      | ladekortet         | brukeren åpner ladekortet                               |
      | reiseruten         | brukeren planlegger en reiserute med bilen til Trondheim |
