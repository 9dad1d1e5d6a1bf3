package org.fieldsync.examples.tablet;

import java.util.concurrent.Callable;
import org.fieldsync.client.FieldSync;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Enrols this tablet with a one-time code a sync admin created for the worker's user name. */
@Command(name = "enrol", description = "Enrol this tablet with a code from a sync admin"
    + " (signs the worker in; needs the server).")
final class EnrolCommand implements Callable<Integer> {
  @ParentCommand TabletApp app;

  @Option(names = "--code", required = true, description = "The one-time enrolment code.")
  String code;

  @Option(names = "--name", defaultValue = "Example tablet", description = "This tablet's name"
      + " on the admin console (default: ${DEFAULT-VALUE}).")
  String name;

  @Override
  public Integer call() {
    try (FieldSync fs = app.open()) {
      if (fs.enrolled()) {
        app.out.println("This tablet is already enrolled (device " + fs.deviceId() + ").");
        return 0;
      }
      fs.enrol(code, name);
      app.out.println("Enrolled device " + fs.deviceId() + " for " + app.user
          + "; its data is encrypted under your PIN.");
      return 0;
    }
  }
}
