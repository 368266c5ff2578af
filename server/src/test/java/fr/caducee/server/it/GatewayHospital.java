package fr.caducee.server.it;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import fr.caducee.gateway.AnsMessages;
import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.MllpClient;
import fr.caducee.testkit.TestClients;

/**
 * A hospital declared to the gateway of a test server: its structure (a FINESS), its APP box, its emergency
 * department's ORG box, the settings declaring it, the listeners' ports, and its MLLP connections (TLS with a
 * certificate naming its box, or the plain development listener). Messages are ANS's examples with the hospital's
 * FINESS in MSH-4 ({@link AnsMessages}).
 */
final class GatewayHospital {
    static final String ID = "chu";
    /** The unit code of ANS's admission example (ZBE-7.10), declared as the emergency department. */
    static final String ED_UNIT = "6268";
    static final String PASSWORD = "pass-hopital-2026";

    final String domain;
    final String finess;
    final String box;
    final String edBox;
    final String emergencyPhysician;
    final int tlsPort = CaduceeProcess.freePort();
    final int plainPort = CaduceeProcess.freePort();

    GatewayHospital(String domain, String finess) {
        this.domain = domain;
        this.finess = finess;
        this.box = "sih@" + domain;
        this.edBox = "urgences@" + domain;
        this.emergencyPhysician = "dr.urgentiste@" + domain;
    }

    /** The settings declaring it, on a server whose gateway listens on both listeners. */
    CaduceeServerExtension declaredOn(CaduceeServerExtension server) {
        settings().forEach(server::withProperty);
        return server.withBox(emergencyPhysician, PASSWORD);
    }

    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("caducee.gateway.bind", "127.0.0.1:" + tlsPort);
        settings.put("caducee.gateway.plainBind", "127.0.0.1:" + plainPort);
        settings.put("caducee.gateway.hospitals", ID);
        settings.put("caducee.gateway.hospital." + ID + ".box", box);
        settings.put("caducee.gateway.hospital." + ID + ".name", "CHU de Caducée");
        settings.put("caducee.gateway.hospital." + ID + ".edBox", edBox);
        settings.put("caducee.gateway.hospital." + ID + ".edUnits", ED_UNIT);
        settings.put("caducee.gateway.hospital." + ID + ".edContact", "Urgences du CHU : 01 23 45 67 89");
        return settings;
    }

    /**
     * Its structure, APP box and ED box (with {@link #PASSWORD}, to read it over IMAP) in the server's directory; the
     * ED box's responsible professional is registered by {@link #declaredOn}.
     */
    void register(CaduceeProcess server) throws IOException, InterruptedException {
        TestClients.WebAdmin admin = new TestClients.WebAdmin(server);
        TestClients.WebAdmin.expect(201, admin.put("/directory/structures/1" + finess,
            "{\"name\":\"CHU de Caducée\"}"));
        TestClients.WebAdmin.expect(201, admin.put("/directory/boxes/" + box, "{\"type\":\"APP\",\"structure\":\"1"
            + finess + "\"}"));
        TestClients.WebAdmin.expect(201, admin.put("/directory/boxes/" + edBox, "{\"type\":\"ORG\",\"structure\":\"1"
            + finess + "\",\"responsible\":\"" + TestClients.WebAdmin.idNatFor(emergencyPhysician) + "\"}"));
        TestClients.WebAdmin.expect(204, admin.put("/directory/boxes/" + edBox + "/password", "{\"password\":\""
            + PASSWORD + "\"}"));
    }

    MllpClient connect(CaduceeProcess server) throws Exception {
        return MllpClient.hospital(server, tlsPort, box);
    }

    MllpClient connectPlain() throws IOException {
        return MllpClient.plain("127.0.0.1", plainPort);
    }

    /** ANS's admission (A01) from this hospital: its FINESS in MSH-4, this control id in MSH-10. */
    String admission(String controlId) {
        String text = AnsMessages.withField(AnsMessages.text("pam/admission.er7"), "MSH", 4, "CHU-X^" + finess + "^M");
        return AnsMessages.withField(text, "MSH", 10, controlId);
    }

    /**
     * ANS's A01 for this visit (PV1-19, and ZBE-1 its movement) and patient (the family name in place of ANS's), the
     * GP's ROL line when given.
     */
    String admission(String controlId, String visit, String family, String rol) {
        String text = admission(controlId).replace("PAT-TROIS", family);
        text = AnsMessages.withField(text, "PV1", 19, visit + "^^^CHU-X&" + finess + "&M^VN^^20210409");
        text = AnsMessages.withField(text, "ZBE", 1, "MVT-" + visit + "^CHU-X^" + finess);
        return rol == null ? text : AnsMessages.withSegmentAfter(text, "PID", rol);
    }

    /** The ROL ODRP line naming a GP by RPPS (11 digits), as DOMAIN.md writes it. */
    static String rol(String rpps) {
        return "ROL||UC|ODRP|" + rpps + "^MEDECIN^JEAN^^^^^^ASIP-SANTE-PS&1.2.250.1.71.4.2.1&ISO^L^^^RPPS";
    }

    /** The ROL ODRP line naming the professional of a box registered by the test kit (TestClients.WebAdmin.addBox). */
    static String rolOf(String box) {
        return rol(TestClients.WebAdmin.idNatFor(box).substring(1));
    }

    /** A field of a segment of an acknowledgement, e.g. {@code field(ack, "MSA", 1)}; empty when absent. */
    static String field(String ack, String segment, int n) {
        for (String line : ack.split("\r")) {
            if (line.startsWith(segment + "|")) {
                List<String> fields = List.of(line.split(Pattern.quote("|"), -1));
                int index = segment.equals("MSH") ? n - 1 : n;
                return index < fields.size() ? fields.get(index) : "";
            }
        }
        return "";
    }
}
