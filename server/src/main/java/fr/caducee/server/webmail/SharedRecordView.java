package fr.caducee.server.webmail;

import java.util.List;
import java.util.Optional;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.webmail.port.Download;
import fr.caducee.webmail.port.PatientRecord;
import fr.caducee.webmail.port.RecordEntry;
import fr.caducee.webmail.port.Viewer;

/** The shared record as the webmail shows it to its patient (to be written: a stub so that the wiring compiles). */
public class SharedRecordView implements PatientRecord {

    @Override
    public List<RecordEntry> documents(Viewer viewer) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Optional<Download> download(Viewer viewer, String documentId) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public List<RecordEntry.Access> accesses(Viewer viewer, int limit) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Choices choices(Viewer viewer) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void allowEmergencyAccess(Viewer viewer, boolean allowed) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public boolean block(Viewer viewer, IdNat professional) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void unblock(Viewer viewer, IdNat professional) {
        throw new UnsupportedOperationException("not yet");
    }
}
