# language: no
@brand:myrenault
Egenskap: My Renault-kundekontoen
  Kundekontoen kan nås via nettstedet eller via My Renault-appen, med det samme brukernavnet
  og passordet. En e-post med bekreftelse sendes til e-postadressen som er oppgitt; for å
  fullføre opprettingen klikker du på linken i e-postbekreftelsen.

  @req:MR-ACC-2 @req:MR-ACC-3
  Abstrakt Scenario: En konto opprettet fra <klient> er fullført når lenken i e-posten er fulgt
    Når brukeren oppretter en My Renault-konto fra <klient>
    Så brukeren mottar en e-post med bekreftelse og en lenke
    Når brukeren logger inn på My Renault fra appen
    Så brukeren får avvisningen "account_not_confirmed"
    Når brukeren klikker på lenken i e-postbekreftelsen
    Og brukeren logger inn på My Renault fra appen
    Så brukeren er logget inn i appen

    Eksempler:
      | klient     |
      | nettstedet |
      | appen      |

  @req:MR-ACC-1
  Scenario: Det samme brukernavnet og passordet virker på nettet og i appen
    Gitt brukeren har en bekreftet My Renault-konto
    Når brukeren logger inn på My Renault fra nettstedet
    Så brukeren er logget inn på nettstedet
    Når brukeren logger inn på My Renault fra appen
    Så brukeren er logget inn i appen

  @req:MR-ACC-3
  Scenario: En konto som ikke er bekreftet, gir ikke tilgang til funksjonene
    Gitt brukeren har opprettet en My Renault-konto uten å bekrefte den
    Når brukeren logger inn på My Renault fra nettstedet
    Så brukeren får avvisningen "account_not_confirmed"

  @req:MR-VEH-1
  Abstrakt Scenario: Kjøretøyet legges til med <hva>, <hvordan>
    Gitt brukeren er logget inn i My Renault-appen
    Når brukeren legger til bilen med <hva>, <hvordan>
    Så bilen er i appen til brukeren

    Eksempler:
      | hva                 | hvordan     |
      | understellsnummer   | skrevet inn |
      | registreringsnummer | skannet     |

  @req:MR-VEH-1
  Scenario: Et understellsnummer med feil kontrollsiffer avvises
    Gitt brukeren er logget inn i My Renault-appen
    Når brukeren skriver inn understellsnummeret til bilen med feil kontrollsiffer
    Så brukeren får avvisningen "invalid_vin"
