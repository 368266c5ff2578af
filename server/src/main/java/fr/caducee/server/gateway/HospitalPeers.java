package fr.caducee.server.gateway;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Structure;
import fr.caducee.gateway.DependencyUnavailableException;
import fr.caducee.gateway.Peer;
import fr.caducee.gateway.message.Header;
import fr.caducee.gateway.message.Hl7Refusal;
import fr.caducee.gateway.port.Facilities;
import fr.caducee.identity.login.BoxCertificates;
import fr.caducee.rules.Rule;

/**
 * The hospitals declared to the gateway ({@link GatewaySettings}) and the checks of a connection's peer and of MSH-4.
 *
 * <p>A connection's peer is the hospital whose APP box its client certificate names ({@link BoxCertificates}: chained
 * to the anchors, in its dates, not revoked), as long as the directory holds that box, active and of type APP. Its
 * messages may carry in MSH-4 the FINESS of its box's structure and those declared for it
 * ({@code caducee.gateway.hospital.<id>.finess}): read from HD-2 when HD-3 says it is a universal id (ISO, M, FINESS,
 * FINEG, FINEJ), else from HD-1 (9 characters, or 10 in the national form {@code 1}+FINESS).
 *
 * <p>At start, a declared box of the wrong type (or an ED box that is not ORG) stops the server: a box's type never
 * changes, so only the declaration can be wrong. A box not in the directory yet, or a directory that cannot be
 * reached, is logged loudly and checked again on each connection: the hospital's connections are refused as unknown
 * peers until the box exists.
 */
public final class HospitalPeers implements Facilities {
    private static final Logger LOGGER = LoggerFactory.getLogger(HospitalPeers.class);
    private static final Set<String> UNIVERSAL_ID_TYPES = Set.of("ISO", "M", "FINESS", "FINEG", "FINEJ");

    private final List<GatewaySettings.Hospital> hospitals;
    private final Directory directory;
    private final BoxCertificates certificates;
    private final Clock clock;

    public HospitalPeers(List<GatewaySettings.Hospital> hospitals, Directory directory, BoxCertificates certificates,
                         Clock clock) {
        this.hospitals = List.copyOf(hospitals);
        this.directory = directory;
        this.certificates = certificates;
        this.clock = clock;
    }

    /**
     * Checks the declarations against the directory.
     *
     * @throws IllegalStateException a declared box of the wrong type: the start stops, naming the key
     */
    public void checkAtStart() {
        for (GatewaySettings.Hospital hospital : hospitals) {
            try {
                check(hospital, hospital.box(), BoxType.APP, "box");
                if (hospital.edBox().isPresent()) {
                    check(hospital, hospital.edBox().get(), BoxType.ORG, "edBox");
                }
            } catch (DirectoryUnavailableException e) {
                LOGGER.warn("Gateway: the directory cannot be reached to check hospital '{}' ({}): its box is "
                    + "checked again at each connection", hospital.id(), e.getMessage());
            }
        }
    }

    private void check(GatewaySettings.Hospital hospital, BoxAddress address, BoxType type, String key) {
        Optional<Box> box = directory.findBox(address);
        String setting = "caducee.gateway.hospital." + hospital.id() + "." + key;
        if (box.isEmpty()) {
            LOGGER.warn("Gateway: {} names {}, which is not in the directory (yet): {}", setting, address,
                type == BoxType.APP ? "connections presenting its certificate are refused (hl7-peer-unknown) until "
                    + "it is created, as an APP box"
                    : "no daily summary can reach it until it is created, as an ORG box");
        } else if (box.get().type() != type) {
            throw new IllegalStateException(setting + " names " + address + ", a " + box.get().type() + " box: it must "
                + "be " + (type == BoxType.APP ? "the hospital's APP box, which its information system's certificate "
                + "names" : "the emergency department's ORG box") + " (a box's type never changes: name another box)");
        }
    }

    /** The hospitals declared, in order. */
    public List<GatewaySettings.Hospital> hospitals() {
        return hospitals;
    }

    /** The hospital declared with this APP box. */
    public Optional<GatewaySettings.Hospital> hospital(BoxAddress box) {
        return hospitals.stream().filter(hospital -> hospital.box().equals(box)).findFirst();
    }

    /**
     * The hospital a connection's client certificate names.
     *
     * @param chain the certificates the client presented, leaf first
     * @return empty when the certificate is not valid now or names no declared hospital whose box is active
     * @throws DirectoryUnavailableException the directory cannot be reached: nothing can be said of the peer
     */
    public Optional<Peer> peerFor(X509Certificate[] chain) {
        for (BoxAddress named : certificates.certifiedBoxes(List.of(chain), clock.instant())) {
            Optional<GatewaySettings.Hospital> hospital = hospital(named);
            if (hospital.isPresent()) {
                return peerOf(hospital.get());
            }
        }
        return Optional.empty();
    }

    /**
     * The hospital as the gateway acts for it: its box active and of type APP, its establishments (the box's
     * structure's FINESS and those declared), its name (declared, else its structure's); empty while its box is not.
     */
    public Optional<Peer> peerOf(GatewaySettings.Hospital hospital) {
        Optional<Box> box = directory.findBox(hospital.box()).filter(Box::isActive)
            .filter(found -> found.type() == BoxType.APP);
        if (box.isEmpty()) {
            return Optional.empty();
        }
        Set<Finess> facilities = new LinkedHashSet<>(hospital.finess());
        Optional<StructureId> structure = box.get().structure();
        structure.filter(Finess.class::isInstance).map(Finess.class::cast).ifPresent(facilities::add);
        String name = hospital.name().isBlank()
            ? structure.flatMap(directory::structure).map(Structure::name).orElse(hospital.box().address())
            : hospital.name();
        return Optional.of(new Peer(hospital.box(), name, facilities, hospital.edBox(), hospital.edUnits(),
            hospital.edContact()));
    }

    /** True when MSH-4 names, as a FINESS, one of the peer's establishments. */
    public boolean allows(Peer peer, Header header) {
        return finessIn(header.sendingFacility()).filter(peer.facilities()::contains).isPresent();
    }

    @Override
    public void check(Peer peer, Header header) throws Hl7Refusal {
        if (allows(peer, header)) {
            return;
        }
        String declared = peer.facilities().stream().map(Finess::number).sorted().collect(Collectors.joining(", "));
        Optional<Finess> named = finessIn(header.sendingFacility());
        String sentence = named.isEmpty()
            ? "MSH-4 '" + header.sendingFacility() + "' names no FINESS: write the sending establishment's FINESS in "
                + "MSH-4 (HD-2 with HD-3 M or ISO, or HD-1 alone)"
            : "MSH-4 names FINESS " + named.get().number() + ", which is not an establishment of " + peer.box()
                + " (" + (declared.isEmpty() ? "none declared" : declared) + "): the operator declares it with "
                + "caducee.gateway.hospital.<id>.finess, or the message comes from another hospital";
        throw new Hl7Refusal(Rule.HL7_FACILITY_NOT_ALLOWED, sentence, Optional.of(header), "MSH^1^4");
    }

    @Override
    public Optional<Peer> byFacility(Header header) throws DependencyUnavailableException {
        Optional<Finess> named = finessIn(header.sendingFacility());
        if (named.isEmpty()) {
            return Optional.empty();
        }
        try {
            List<Peer> peers = new ArrayList<>();
            for (GatewaySettings.Hospital hospital : hospitals) {
                peerOf(hospital).filter(peer -> peer.facilities().contains(named.get())).ifPresent(peers::add);
            }
            return peers.size() == 1 ? Optional.of(peers.get(0)) : Optional.empty();
        } catch (DirectoryUnavailableException e) {
            throw new DependencyUnavailableException("the directory cannot be reached", e);
        }
    }

    /** The FINESS an HD names (MSH-4): HD-2 when HD-3 says it is a universal id, else HD-1. */
    static Optional<Finess> finessIn(String hd) {
        String[] components = hd.split("\\^", -1);
        String namespace = components[0].strip();
        String universal = components.length > 1 ? components[1].strip() : "";
        String type = components.length > 2 ? components[2].strip().toUpperCase(Locale.ROOT) : "";
        List<String> candidates = new ArrayList<>();
        if (!universal.isEmpty() && UNIVERSAL_ID_TYPES.contains(type)) {
            candidates.add(universal);
        }
        candidates.add(namespace);
        for (String candidate : candidates) {
            try {
                if (candidate.length() == 10 && candidate.startsWith("1")) {
                    return Optional.of((Finess) StructureId.parseNational(candidate));
                }
                if (candidate.length() == 9) {
                    return Optional.of(Finess.parse(candidate));
                }
            } catch (InvalidIdentifierException e) {
                // not a FINESS: the next candidate
            }
        }
        return Optional.empty();
    }
}
