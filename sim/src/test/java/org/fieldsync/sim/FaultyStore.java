package org.fieldsync.sim;

import java.util.List;
import org.fieldsync.server.store.AttachmentRepo;
import org.fieldsync.server.store.AuditRepo;
import org.fieldsync.server.store.ConflictRepo;
import org.fieldsync.server.store.ConsentRepo;
import org.fieldsync.server.store.CredentialRepo;
import org.fieldsync.server.store.CurrentHook;
import org.fieldsync.server.store.DeviceRepo;
import org.fieldsync.server.store.DirectoryRepo;
import org.fieldsync.server.store.ExportRepo;
import org.fieldsync.server.store.FeedRepo;
import org.fieldsync.server.store.ImportRepo;
import org.fieldsync.server.store.MetaRepo;
import org.fieldsync.server.store.Notifications;
import org.fieldsync.server.store.PeopleRepo;
import org.fieldsync.server.store.RestrictionRepo;
import org.fieldsync.server.store.RevisionRepo;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.Tx;

/**
 * The real store with one fault: a crash at a chosen point inside a write transaction. When
 * {@link #arm armed}, the next write transaction runs until its {@code n}th use of a repository
 * and then throws {@link Crash}, so the transaction never commits (it rolls back, as the file
 * would after a power cut: SQLite's journal makes the two the same). The simulation then restarts
 * the server on the same folder.
 */
final class FaultyStore implements Store {
  /** The simulated crash. */
  static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Crash(int at) {
      super("simulated crash at repository use " + at + " of a write transaction", null, false,
          false);
    }
  }

  /** The thread every push's transaction runs on ({@code PushService}'s group-commit writer). */
  private static final String PUSH_WRITER = "fieldsync-writer";

  private final Store real;
  private volatile int crashAt = -1;
  private volatile boolean crashed;

  FaultyStore(Store real) {
    this.real = real;
  }

  /** The next write transaction crashes at its {@code n}th repository use (n from 1). */
  void arm(int n) {
    crashed = false;
    crashAt = n;
  }

  /** Whether an armed crash happened (it disarms itself when it does). */
  boolean crashed() {
    return crashed;
  }

  void disarm() {
    crashAt = -1;
  }

  @Override
  public <T> T write(TxWork<T> work) {
    int at = crashAt;
    // Only a push's transaction crashes (the push writer's thread): the audit writer and other
    // background work run on their own threads and must not take the crash meant for a push.
    if (at < 0 || !PUSH_WRITER.equals(Thread.currentThread().getName())) {
      return real.write(work);
    }
    crashAt = -1;
    return real.write(tx -> {
      CountingTx counting = new CountingTx(tx, at);
      work.run(counting);
      // The work used fewer repositories than the crash point: it dies just before the commit.
      crashed = true;
      throw new Crash(at);
    });
  }

  @Override
  public <T> T read(TxWork<T> work) {
    return real.read(work);
  }

  @Override
  public String kind() {
    return real.kind();
  }

  @Override
  public List<String> integrityProblems() {
    return real.integrityProblems();
  }

  @Override
  public boolean ready() {
    return real.ready();
  }

  @Override
  public Notifications notifications() {
    return real.notifications();
  }

  @Override
  public void close() {
    real.close();
  }

  @Override
  public void onCurrent(CurrentHook hook) {
    real.onCurrent(hook);
  }

  /** A transaction that crashes at its {@code at}th repository use. */
  private final class CountingTx implements Tx {
    private final Tx tx;
    private final int at;
    private int used;

    CountingTx(Tx tx, int at) {
      this.tx = tx;
      this.at = at;
    }

    private void use() {
      if (++used == at) {
        crashed = true;
        throw new Crash(at);
      }
    }

    @Override
    public RevisionRepo revisions() {
      use();
      return tx.revisions();
    }

    @Override
    public FeedRepo feed() {
      use();
      return tx.feed();
    }

    @Override
    public ConflictRepo conflicts() {
      use();
      return tx.conflicts();
    }

    @Override
    public DeviceRepo devices() {
      use();
      return tx.devices();
    }

    @Override
    public CredentialRepo credentials() {
      use();
      return tx.credentials();
    }

    @Override
    public AuditRepo audit() {
      use();
      return tx.audit();
    }

    @Override
    public DirectoryRepo directory() {
      use();
      return tx.directory();
    }

    @Override
    public AttachmentRepo attachments() {
      use();
      return tx.attachments();
    }

    @Override
    public RestrictionRepo restrictions() {
      use();
      return tx.restrictions();
    }

    @Override
    public MetaRepo meta() {
      use();
      return tx.meta();
    }

    @Override
    public ConsentRepo consents() {
      use();
      return tx.consents();
    }

    @Override
    public PeopleRepo people() {
      use();
      return tx.people();
    }

    @Override
    public ImportRepo imports() {
      use();
      return tx.imports();
    }

    @Override
    public ExportRepo exports() {
      use();
      return tx.exports();
    }
  }
}
