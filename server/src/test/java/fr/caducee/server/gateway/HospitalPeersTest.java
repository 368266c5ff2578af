package fr.caducee.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Structure;
import fr.caducee.gateway.Peer;
import fr.caducee.gateway.message.Header;
import fr.caducee.gateway.message.Hl7Refusal;
import fr.caducee.identity.login.BoxCertificates;
import fr.caducee.rules.Rule;
import fr.caducee.trust.certificate.CertificateValidator;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.LeafRequest;
import fr.caducee.trust.pki.Pem;
import fr.caducee.trust.revocation.RevocationLists;

class HospitalPeersTest {
    static final CertificateAuthority ROOT = CertificateAuthority.createRoot("test root",
        Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
    static final Finess CHU = Finess.parse("750000010");
    static final Finess SITE = Finess.parse("130000011");
    static final BoxAddress SIH = BoxAddress.parse("sih@chu.localhost");
    static final BoxAddress URGENCES = BoxAddress.parse("urgences@chu.localhost");
    static final IdNat DOCTOR = IdNat.parse("810000005479");

    @TempDir
    static Path folder;
    static RevocationLists revocationLists;

    final Directory directory = mock(Directory.class);
    final GatewaySettings.Hospital hospital = new GatewaySettings.Hospital("chu", SIH, "", Set.of(SITE),
        Optional.of(URGENCES), Set.of("URG"), "01 23 45 67 89", Optional.empty());
    HospitalPeers peers;

    @BeforeAll
    static void currentRevocationList() throws Exception {
        Path file = folder.resolve("root.crl");
        Pem.writeRevocationList(file, ROOT.issueRevocationList(List.of(), Instant.now().minusSeconds(60),
            Instant.now().plus(Duration.ofDays(7))));
        revocationLists = new RevocationLists(List.of(file.toString()), List.of(ROOT.certificate()), Clock.systemUTC());
        assertThat(revocationLists.refreshNow()).isEmpty();
    }

    @BeforeEach
    void directoryWithTheHospital() {
        peers = new HospitalPeers(List.of(hospital), directory, new BoxCertificates(
            new CertificateValidator(List.of(ROOT.certificate()), revocationLists)), Clock.systemUTC());
        when(directory.findBox(any())).thenReturn(Optional.empty());
        when(directory.findBox(SIH)).thenReturn(Optional.of(box(SIH, BoxType.APP, BoxStatus.ACTIVE)));
        when(directory.findBox(URGENCES)).thenReturn(Optional.of(box(URGENCES, BoxType.ORG, BoxStatus.ACTIVE)));
        when(directory.structure(CHU)).thenReturn(Optional.of(new Structure(CHU, "CHU de Caducée", "", "", "")));
    }

    @Test
    void aCertificateNamingTheHospitalsBoxIsThatHospitalWithItsStructuresFinessAndTheDeclaredOnes() {
        Peer peer = peers.peerFor(chain("SIH@chu.localhost")).orElseThrow();

        assertThat(peer.box()).isEqualTo(SIH);
        assertThat(peer.name()).isEqualTo("CHU de Caducée");
        assertThat(peer.facilities()).containsExactlyInAnyOrder(CHU, SITE);
        assertThat(peer.edBox()).contains(URGENCES);
        assertThat(peer.edUnits()).containsExactly("URG");
        assertThat(peer.edContact()).isEqualTo("01 23 45 67 89");
    }

    @Test
    void aCertificateNamingNoDeclaredHospitalOrFromAnotherAuthorityIsNoPeer() {
        assertThat(peers.peerFor(chain("dpi@other.localhost"))).isEmpty();
        CertificateAuthority stranger = CertificateAuthority.createRoot("stranger", Instant.now().minusSeconds(60),
            Instant.now().plusSeconds(3600));
        X509Certificate forged = stranger.issue(LeafRequest.builder(SIH.address()).serverAuth(false).clientAuth(true)
            .build()).certificate();
        assertThat(peers.peerFor(new X509Certificate[] {forged})).isEmpty();
    }

    @Test
    void aSuspendedBoxOrABoxOfAnotherTypeIsNoPeer() {
        when(directory.findBox(SIH)).thenReturn(Optional.of(box(SIH, BoxType.APP, BoxStatus.SUSPENDED)));
        assertThat(peers.peerFor(chain(SIH.address()))).isEmpty();

        when(directory.findBox(SIH)).thenReturn(Optional.empty());
        assertThat(peers.peerFor(chain(SIH.address()))).isEmpty();
    }

    @Test
    void aDirectoryThatCannotBeReachedSaysNothingOfThePeer() {
        when(directory.findBox(SIH)).thenThrow(new DirectoryUnavailableException("down", null));

        assertThatThrownBy(() -> peers.peerFor(chain(SIH.address())))
            .isInstanceOf(DirectoryUnavailableException.class);
    }

    @Test
    void msh4MayCarryTheFinessOfTheBoxsStructureOrADeclaredOneInTheUsualForms() throws Exception {
        Peer peer = peers.peerFor(chain(SIH.address())).orElseThrow();

        assertThat(peers.allows(peer, header("CHU-X^750000010^M"))).isTrue();
        assertThat(peers.allows(peer, header("CHU-X^130000011^FINEG"))).isTrue();
        assertThat(peers.allows(peer, header("750000010"))).isTrue();
        assertThat(peers.allows(peer, header("1750000010"))).as("the national form").isTrue();
        assertThat(peers.allows(peer, header("130000011^1.2.250.1.71.4.2.2^ISO"))).as("HD-2 is an OID: HD-1").isTrue();
        peers.check(peer, header("CHU-X^750000010^M"));
    }

    @Test
    void anotherFinessOrNoneIsRefusedWithTheKeyToDeclareIt() throws Exception {
        Peer peer = peers.peerFor(chain(SIH.address())).orElseThrow();

        assertThat(peers.allows(peer, header("CHU-X"))).isFalse();
        assertThatThrownBy(() -> peers.check(peer, header("CLINIQUE^123456782^M")))
            .isInstanceOfSatisfying(Hl7Refusal.class, refusal -> {
                assertThat(refusal.rule()).isEqualTo(Rule.HL7_FACILITY_NOT_ALLOWED);
                assertThat(refusal.location()).isEqualTo("MSH^1^4");
                assertThat(refusal.sentence()).contains("123456782").contains(SIH.address())
                    .contains("caducee.gateway.hospital.<id>.finess");
                assertThat(refusal.header()).isPresent();
            });
        assertThatThrownBy(() -> peers.check(peer, header("CHU-X")))
            .isInstanceOfSatisfying(Hl7Refusal.class, refusal -> assertThat(refusal.sentence())
                .contains("names no FINESS"));
    }

    @Test
    void onThePlainListenerTheHospitalIsTheOneWhoseFinessMsh4Carries() throws Exception {
        assertThat(peers.byFacility(header("CHU-X^130000011^M"))).hasValueSatisfying(peer ->
            assertThat(peer.box()).isEqualTo(SIH));
        assertThat(peers.byFacility(header("CLINIQUE^123456782^M"))).isEmpty();
        assertThat(peers.byFacility(header("CHU-X"))).isEmpty();
    }

    @Test
    void aDeclaredBoxOfTheWrongTypeStopsTheStartAndAMissingOneIsOnlyLogged() {
        peers.checkAtStart();

        when(directory.findBox(URGENCES)).thenReturn(Optional.empty());
        peers.checkAtStart();

        when(directory.findBox(URGENCES)).thenReturn(Optional.of(box(URGENCES, BoxType.APP, BoxStatus.ACTIVE)));
        assertThatThrownBy(peers::checkAtStart).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("caducee.gateway.hospital.chu.edBox").hasMessageContaining("ORG box");

        when(directory.findBox(SIH)).thenThrow(new DirectoryUnavailableException("down", null));
        peers.checkAtStart();
    }

    private static X509Certificate[] chain(String box) {
        return new X509Certificate[] {ROOT.issue(LeafRequest.builder(box).serverAuth(false).clientAuth(true).build())
            .certificate()};
    }

    private static Header header(String sendingFacility) {
        return new Header("SIH", sendingFacility, "CADUCEE", "", "ADT^A04^ADT_A01", "1", "P", "2.5",
            StandardCharsets.UTF_8);
    }

    private static Box box(BoxAddress address, BoxType type, BoxStatus status) {
        return new Box(address, type, Optional.empty(), Optional.of((StructureId) CHU),
            type == BoxType.ORG ? Optional.of(DOCTOR) : Optional.empty(), Set.of(), false, status,
            Instant.parse("2026-01-01T00:00:00Z"), "", "");
    }
}
