package fr.caducee.domain.directory.store;

import java.util.List;

import fr.caducee.domain.model.BoxAddress;

/**
 * Told of every write that may change what is known of a professional box (created, changed, suspended, removed,
 * its responsible renamed), by {@link ObservedDirectoryStore}: the one place every writer (administration routes,
 * imports, start-up data) goes through, so that none is missed. Patients' boxes are not professional boxes.
 */
public interface BoxChanges {
    /** Nothing observes the directory's writes. */
    BoxChanges NONE = new BoxChanges() {
        @Override
        public void changing(List<BoxAddress> boxes) {
        }

        @Override
        public void changed(List<BoxAddress> boxes) {
        }
    };

    /**
     * Before the write: an observer that cannot record the change throws {@link DirectoryUnavailableException} and
     * the write is not made, so that no change is made unseen.
     */
    void changing(List<BoxAddress> boxes);

    /** After the write, made or refused: the boxes may be read again. Never throws. */
    void changed(List<BoxAddress> boxes);
}
