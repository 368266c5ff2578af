package fr.caducee.directory.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.Siret;
import fr.caducee.domain.importing.ImportOptions;
import fr.caducee.domain.importing.ImportReport;
import fr.caducee.domain.importing.LdifImport;
import fr.caducee.domain.model.BoxAddress;

/** The LDIF import through this store over a pool: what the import expects of a store, on the real thing. */
class ImportIntoLdapStoreTest {

    static final String LDIF = """
            version: 1

            dn: mail=cardiologie@caducee.example,ou=boxes,o=caducee
            objectClass: cadBox
            mail: cardiologie@caducee.example
            cadBoxType: ORG
            cadStructureId: 1690781810
            cadResponsible: 810000005479
            cadMember: 810000005487
            cadListeRouge: TRUE
            cadStatus: suspended
            cadCreated: 20240201000000Z

            dn: mail=dupont.jean@caducee.example,ou=boxes,o=caducee
            objectClass: cadBox
            mail: dupont.jean@caducee.example
            cadBoxType: PER
            cadIdNat: 810000005479
            cadStatus: active
            cadCreated: 20240115103000Z
            cadService: Cardiologie
            userPassword: {SSHA}c2VjcmV0c2FsdA==

            dn: cadIns=146026322000196,ou=patients,o=caducee
            objectClass: cadPatient
            cadIns: 146026322000196
            sn: MARTIN
            givenName: Louise
            mail: 146026322000196@patient.caducee.example
            cadDispensing: 373282932000074 2026-01-20

            dn: cadIdNat=810000005479,ou=professionals,o=caducee
            objectClass: cadProfessional
            cadIdNat: 810000005479
            sn: DUPONT
            givenName: Jean

            dn: cadIdNat=810000005487,ou=professionals,o=caducee
            objectClass: cadProfessional
            cadIdNat: 810000005487
            sn: MARTIN
            givenName: Claire
            cadProfessionCode: 21

            dn: cadStructureId=1690781810,ou=structures,o=caducee
            objectClass: cadStructure
            cadStructureId: 1690781810
            o: CENTRE HOSPITALIER UNIVERSITAIRE DE LYON

            dn: cadStructureId=373282932000074,ou=structures,o=caducee
            objectClass: cadStructure
            cadStructureId: 373282932000074
            o: PHARMACIE DE L'ÉGLISE
            """;

    @TempDir
    Path dir;
    TestDirectoryServer server;
    LdapDirectoryStore store;

    @BeforeEach
    void start() {
        server = TestDirectoryServer.start();
        store = LdapDirectoryStore.connect(server.settings());
    }

    @AfterEach
    void stop() {
        store.close();
        server.close();
    }

    ImportReport run(Path file) throws Exception {
        return new LdifImport(store, TestDirectoryServer.BASE, ImportOptions.defaults()
                .withClock(Clock.fixed(Instant.parse("2026-03-01T08:00:00Z"), ZoneOffset.UTC))).run(file);
    }

    @Test
    void importsEverythingThenFindsNothingToChange() throws Exception {
        Path file = dir.resolve("directory.ldif");
        Files.writeString(file, LDIF, StandardCharsets.UTF_8);

        ImportReport first = run(file);

        assertThat(first.rejections()).isEmpty();
        assertThat(first.boxes()).isEqualTo(new ImportReport.Counts(2, 0, 0));
        assertThat(first.patients()).isEqualTo(new ImportReport.Counts(1, 0, 0));
        assertThat(store.boxesOf(IdNat.parse("810000005479"))).hasSize(2);
        assertThat(store.passwordHash(BoxAddress.parse("dupont.jean@caducee.example")))
                .contains("{SSHA}c2VjcmV0c2FsdA==");
        assertThat(store.patient(Ins.parse("146026322000196")).orElseThrow().dispensings()).hasSize(1);
        assertThat(store.structure(Siret.parse("73282932000074")).orElseThrow()
                .name()).isEqualTo("PHARMACIE DE L'ÉGLISE");

        ImportReport second = run(file);

        assertThat(second.rejections()).isEmpty();
        assertThat(second.boxes()).isEqualTo(new ImportReport.Counts(0, 0, 2));
        assertThat(second.patients()).isEqualTo(new ImportReport.Counts(0, 0, 1));
        assertThat(second.professionals()).isEqualTo(new ImportReport.Counts(0, 0, 2));
        assertThat(second.structures()).isEqualTo(new ImportReport.Counts(0, 0, 2));
    }
}
