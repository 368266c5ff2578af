package fr.caducee.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class OperatorDnTest {

    private static final String MIPIH = "CN=medimail-asip.mipih.fr,OU=318310021300028,O=GIP MIPIH,"
            + "ST=Haute-Garonne (31),C=FR";

    private static void assertMatch(String a, String b) {
        OperatorDn x = OperatorDn.parse(a);
        OperatorDn y = OperatorDn.parse(b);
        assertThat(x).as("%s matches %s", a, b).isEqualTo(y);
        assertThat(x.hashCode()).as("hash of %s and %s", a, b).isEqualTo(y.hashCode());
    }

    private static void assertNoMatch(String a, String b) {
        assertThat(OperatorDn.parse(a)).as("%s differs from %s", a, b).isNotEqualTo(OperatorDn.parse(b));
    }

    /** As a certificate carries it: the DER encoding, read back. */
    private static X500Principal certificateSubject(String rfc2253) {
        return new X500Principal(new X500Principal(rfc2253).getEncoded());
    }

    @Test
    void matchesItself() {
        assertMatch(MIPIH, MIPIH);
    }

    @Test
    void keepsTheTextAsWrittenForMessages() {
        OperatorDn dn = OperatorDn.parse("  CN=a.fr, O=\"X  Y\" ,C=FR ");
        assertThat(dn.asWritten()).isEqualTo("CN=a.fr, O=\"X  Y\" ,C=FR");
        assertThat(dn).hasToString("CN=a.fr, O=\"X  Y\" ,C=FR");
    }

    @Test
    void attributeTypesAreCaseInsensitive() {
        assertMatch(MIPIH, "cn=medimail-asip.mipih.fr,ou=318310021300028,o=GIP MIPIH,st=Haute-Garonne (31),c=FR");
        assertMatch("Cn=a.fr,c=FR", "CN=a.fr,C=FR");
    }

    @Test
    void valuesAreCaseInsensitive() {
        assertMatch("CN=MSSANTE.PROGINOV.FR,OU=340350374100031,O=PROGINOV,C=FR",
                "CN=mssante.proginov.fr,OU=340350374100031,O=Proginov,C=fr");
        assertMatch("CN=a.fr,O=STRASSE,C=FR", "CN=a.fr,O=Straße,C=FR");
    }

    @Test
    void spacesAroundSeparatorsAndInsideValuesDoNotCount() {
        assertMatch("CN=mailin.interop-mssante.apicrypt.org, OU=343975235300037, O=APICEM, ST=Nord (59), C=FR",
                "CN=mailin.interop-mssante.apicrypt.org,OU=343975235300037,O=APICEM,ST=Nord (59),C=FR");
        assertMatch("CN=smtp-1.mssante.adista.fr ,OU=332315971500305,O=ADISTA,C=FR",
                "CN=smtp-1.mssante.adista.fr,OU=332315971500305,O=ADISTA,C=FR");
        assertMatch("CN = a.fr , O = X , C = FR", "CN=a.fr,O=X,C=FR");
        assertMatch("CN=a.fr,O=CENTRE HOSPITALIER   ORTHEZ,C=FR", "CN=a.fr,O=CENTRE HOSPITALIER ORTHEZ,C=FR");
        assertMatch("CN=a.fr,O=\\ X\\ ,C=FR", "CN=a.fr,O=X,C=FR");
    }

    @Test
    void quotesOfTheRfc1779FormAreRemoved() {
        assertMatch("CN=mss.ch-cadillac.fr,OU=1330781295,O=\"C.H. DE  CADILLAC\",ST=Gironde (33),C=FR",
                "CN=mss.ch-cadillac.fr,OU=1330781295,O=C.H. DE CADILLAC,ST=Gironde (33),C=FR");
        assertMatch("CN=\"a,b.fr\",C=FR", "CN=a\\,b.fr,C=FR");
    }

    @Test
    void quotesInsideAValueAreCharactersOfIt() {
        assertMatch("CN=mss.strasbourg.unicancer.fr,O=CRLCC \"PAUL STRAUSS\",C=FR",
                "CN=mss.strasbourg.unicancer.fr,O=CRLCC \\\"PAUL STRAUSS\\\",C=FR");
        assertNoMatch("CN=mss.strasbourg.unicancer.fr,O=CRLCC \"PAUL STRAUSS\",C=FR",
                "CN=mss.strasbourg.unicancer.fr,O=CRLCC PAUL STRAUSS,C=FR");
    }

    @Test
    void noBreakSpaceAndCompatibilityFormsAreNormalised() {
        assertMatch("CN=scytale.curie.fr,O=\"CLCC\u00a0 INSTITUT CURIE\",C=FR", "CN=scytale.curie.fr,O=CLCC INSTITUT CURIE,C=FR");
        assertMatch("CN=a.fr,O=Pyre\u0301ne\u0301es,C=FR", "CN=a.fr,O=Pyrénées,C=FR");
        assertMatch("CN=a.fr,O=\uff21\uff22,C=FR", "CN=a.fr,O=AB,C=FR");
    }

    @Test
    void escapedCommasAndHexEscapesAreValueCharacters() {
        assertMatch("CN=a.fr,O=Dupont\\, Durand et associés,C=FR", "CN=a.fr,O=\"Dupont, Durand et associés\",C=FR");
        assertMatch("CN=a.fr,O=Dupont\\2c Durand,C=FR", "CN=a.fr,O=Dupont\\, Durand,C=FR");
        assertNoMatch("CN=a.fr,O=Dupont\\, Durand,C=FR", "CN=a.fr,O=Dupont,O=Durand,C=FR");
    }

    @Test
    void rdnOrderIsSignificant() {
        assertNoMatch(MIPIH, "C=FR,ST=Haute-Garonne (31),O=GIP MIPIH,OU=318310021300028,CN=medimail-asip.mipih.fr");
        assertNoMatch("CN=a.fr,O=X,C=FR", "O=X,CN=a.fr,C=FR");
    }

    @Test
    void everyAttributeCounts() {
        assertNoMatch(MIPIH, "CN=medimail-asip.mipih.fr,OU=318310021300028,O=GIP MIPIH,C=FR");
        assertNoMatch(MIPIH, MIPIH.replace("318310021300028", "318310021300029"));
        assertNoMatch("CN=a.fr,C=FR", "OU=a.fr,C=FR");
        assertNoMatch("CN=a.fr,C=FR", "CN=a.fr,C=FR,DC=fr");
    }

    @Test
    void multiValuedRdnsAreSetsOfPairs() {
        assertMatch("CN=a.fr+OU=1234,O=X,C=FR", "OU=1234+CN=a.fr,O=X,C=FR");
        assertMatch("CN=a.fr + OU=1234,O=X,C=FR", "cn=A.FR+ou=1234,o=x,c=fr");
        assertNoMatch("CN=a.fr+OU=1234,O=X,C=FR", "CN=a.fr,OU=1234,O=X,C=FR");
    }

    @Test
    void attributeTypesAreComparedByOid() {
        assertMatch("CN=a.fr,O=X,C=FR", "2.5.4.3=a.fr,2.5.4.10=X,2.5.4.6=FR");
        assertMatch("CN=a.fr,O=X,C=FR", "OID.2.5.4.3=a.fr,oid.2.5.4.10=X,C=FR");
        assertMatch("E=ops@a.fr,CN=a.fr", "EMAILADDRESS=ops@a.fr,CN=a.fr");
        assertMatch("EMAIL=ops@a.fr,CN=a.fr", "1.2.840.113549.1.9.1=ops@a.fr,CN=a.fr");
        assertMatch("S=Paris,L=Paris,CN=a.fr", "ST=Paris,L=Paris,CN=a.fr");
        assertMatch("ORGANIZATIONIDENTIFIER=NTRFR-123,SERIALNUMBER=42,CN=a.fr", "2.5.4.97=NTRFR-123,2.5.4.5=42,CN=a.fr");
        assertMatch("DC=a,DC=fr,UID=x", "0.9.2342.19200300.100.1.25=a,0.9.2342.19200300.100.1.25=fr,0.9.2342.19200300.100.1.1=x");
    }

    @Test
    void hexEncodedValuesAreComparedAsTheirText() {
        // 0x16 IA5String "ops@a.fr", 0x0c UTF8String "GIP MIPIH", 0x13 PrintableString "FR"
        assertMatch("1.2.840.113549.1.9.1=#16086f707340612e6672,CN=a.fr", "E=ops@a.fr,CN=a.fr");
        assertMatch("O=#0c09474950204d49504948,C=#13024652", "O=GIP MIPIH,C=FR");
        assertNoMatch("O=#0401ff", "O=#0402ffff");
    }

    @Test
    void matchesTheSubjectOfACertificate() {
        X500Principal subject = certificateSubject(MIPIH);
        assertThat(OperatorDn.of(subject)).isEqualTo(OperatorDn.parse(MIPIH));
    }

    @Test
    void listFormsWithSpacesAndQuotesMatchTheCertificateWrittenWithout() {
        assertThat(OperatorDn.of(certificateSubject(
                "CN=mailin.interop-mssante.apicrypt.org,OU=343975235300037,O=APICEM,ST=Nord (59),C=FR")))
                .isEqualTo(OperatorDn.parse(
                        "CN=mailin.interop-mssante.apicrypt.org, OU=343975235300037, O=APICEM, ST=Nord (59), C=FR"));
        assertThat(OperatorDn.of(certificateSubject(
                "CN=mss.ch-cadillac.fr,OU=1330781295,O=C.H. DE  CADILLAC,ST=Gironde (33),C=FR")))
                .isEqualTo(OperatorDn.parse(
                        "CN=mss.ch-cadillac.fr,OU=1330781295,O=\"C.H. DE  CADILLAC\",ST=Gironde (33),C=FR"));
    }

    @Test
    void aCertificateWithAnEmailAttributeMatchesTheListsNameForIt() {
        X500Principal subject = certificateSubject("EMAILADDRESS=ops@a.fr,CN=a.fr,O=X,C=FR");
        // Without a name for the OID, X500Principal writes the value as hex: it must still match.
        assertThat(subject.getName()).startsWith("1.2.840.113549.1.9.1=#16");
        assertThat(OperatorDn.of(subject)).isEqualTo(OperatorDn.parse("E=ops@a.fr, CN=a.fr, O=X, C=FR"));
        assertThat(OperatorDn.of(subject).asWritten()).isEqualTo("EMAILADDRESS=ops@a.fr,CN=a.fr,O=X,C=FR");
    }

    @Test
    void aCertificateSubjectInUtf8MatchesTheListsAccents() {
        X500Principal subject = certificateSubject("CN=a.fr,ST=Pyrénées-Atlantiques (64),C=FR");
        assertThat(OperatorDn.of(subject))
                .isEqualTo(OperatorDn.parse("CN=a.fr,ST=PYRÉNÉES-ATLANTIQUES (64),C=FR"));
    }

    @Test
    void refusesWhatIsNotADnWithASentence() {
        assertThatThrownBy(() -> OperatorDn.parse("mss.biosud.example.fr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'mss.biosud.example.fr' is not a distinguished name (expected the form "
                        + "CN=...,O=...,C=FR)");
        assertThatThrownBy(() -> OperatorDn.parse("CN=a.fr,,C=FR")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OperatorDn.parse("CN=\"a.fr,C=FR")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OperatorDn.parse("  ")).hasMessage("the DN is empty");
        assertThatThrownBy(() -> OperatorDn.parse(null)).hasMessage("the DN is empty");
    }

    @Test
    void refusesAnUnknownAttributeName() {
        assertThatThrownBy(() -> OperatorDn.parse("CN=a.fr,COUNTY=X,C=FR"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'CN=a.fr,COUNTY=X,C=FR' has an attribute type 'COUNTY' that is neither a known name "
                        + "(CN, OU, O, L, ST, C, E...) nor an OID");
    }
}
