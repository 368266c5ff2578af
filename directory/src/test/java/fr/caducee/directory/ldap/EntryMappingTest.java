package fr.caducee.directory.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;

import com.unboundid.ldap.sdk.Entry;
import org.junit.jupiter.api.Test;

/** What a hand-edited entry can get wrong, and how the problem is named in the warning. */
class EntryMappingTest {

    static final String BOX_DN = "mail=a@chu.example,ou=boxes,o=caducee";

    static Entry box(String... extra) {
        Entry entry = new Entry(BOX_DN);
        entry.addAttribute("objectClass", "cadBox");
        entry.addAttribute("mail", "a@chu.example");
        entry.addAttribute("cadBoxType", "APP");
        entry.addAttribute("cadStructureId", "1" + Fixtures.finess(1).number());
        entry.addAttribute("cadCreated", "20260101000000Z");
        for (int i = 0; i < extra.length; i += 2) {
            entry.addAttribute(extra[i], extra[i + 1]);
        }
        return entry;
    }

    static void assertProblem(Entry entry, Function<Entry, ?> mapper, String problem) {
        assertThatThrownBy(() -> mapper.apply(entry)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(problem);
    }

    @Test
    void aValidEntryMaps() {
        assertThat(BoxEntries.fromEntry(box("cadStatus", "ACTIVE", "cadListeRouge", "true")).listeRouge()).isTrue();
    }

    @Test
    void eachProblemIsNamed() {
        assertProblem(box(), BoxEntries::fromEntry, "cadStatus is missing");
        assertProblem(box("cadStatus", "paused"), BoxEntries::fromEntry,
                "box status paused: is not one of active, suspended");
        assertProblem(box("cadStatus", "active", "cadListeRouge", "yes"), BoxEntries::fromEntry,
                "cadListeRouge 'yes' is neither TRUE nor FALSE");
        assertProblem(box("cadStatus", "active", "cadService", "A", "cadService", "B"), BoxEntries::fromEntry,
                "cadService has 2 values, expected one");
        assertProblem(box("cadStatus", "active", "cadIdNat", Fixtures.idNat(1).value()), BoxEntries::fromEntry,
                "APP box a@chu.example belongs to a structure and cannot be held by professional "
                        + Fixtures.idNat(1).value());
        Entry badDate = box("cadStatus", "active");
        badDate.setAttribute("cadCreated", "yesterday");
        assertProblem(badDate, BoxEntries::fromEntry, "cadCreated 'yesterday' is not a GeneralizedTime");
    }

    @Test
    void patientProblems() {
        Entry patient = new Entry("cadIns=" + Fixtures.ins(1).matricule() + ",ou=patients,o=caducee");
        patient.addAttribute("cadIns", Fixtures.ins(1).matricule());
        patient.addAttribute("sn", "Martin");
        patient.addAttribute("mail", Fixtures.ins(1).matricule() + "@patient.caducee.example");
        patient.addAttribute("cadStatus", "active");
        patient.addAttribute("cadCreated", "20260101000000Z");
        patient.addAttribute("cadDispensing", "1" + Fixtures.finess(1).number() + " 2026-13-01");

        assertProblem(patient, PatientEntries::fromEntry, "cadDispensing '2026-13-01' is not a date YYYY-MM-DD");
        patient.setAttribute("cadDispensing", "2026-01-01");
        assertProblem(patient, PatientEntries::fromEntry,
                "cadDispensing '2026-01-01' is not '<structure national id> <YYYY-MM-DD>'");
        patient.removeAttribute("cadDispensing");
        patient.setAttribute("cadBirthDate", "12/05/1985");
        assertProblem(patient, PatientEntries::fromEntry, "cadBirthDate '12/05/1985' is not a date YYYY-MM-DD");
    }
}
