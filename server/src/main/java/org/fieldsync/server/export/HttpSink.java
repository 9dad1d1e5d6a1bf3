package org.fieldsync.server.export;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fieldsync.server.auth.ServerKeys;
import java.io.IOException;
import java.util.concurrent.ExecutionException;

/**
 * POSTs each message as JSON to the sink's URL, signed under RFC 9421 with the server's Ed25519
 * key ({@link MessageSignatures}), several at once (each record's revisions still go in order:
 * a batch never holds two entries of one record). A 2xx answer is delivered; 408, 425, 429 and
 * 5xx, a timeout or a refused connection are tried again later; any other 4xx is the receiver
 * refusing the content, which a retry cannot fix, so it is dead-lettered at once with the
 * answer kept for the Exports page.
 */
final class HttpSink implements Sink {
  private static final int ANSWER_CHARS = 500;
  private final URI url;
  private final Duration timeout;
  private final ServerKeys keys;
  private final Clock clock;
  private final HttpClient client;
  private final ExecutorService pool;

  HttpSink(ExportSettings.Sink s, int concurrency, ServerKeys keys, Clock clock) {
    this.url = URI.create(s.url());
    this.timeout = Duration.ofMillis(s.timeoutMillis());
    this.keys = keys;
    this.clock = clock;
    this.pool = Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "fieldsync-export-" + s.name());
      t.setDaemon(true);
      return t;
    });
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout).build(); // its own executor: ours blocks in send()
  }

  @Override
  public List<Result> deliver(List<Message> batch) {
    List<Future<Result>> pending = new ArrayList<>();
    for (Message m : batch) {
      pending.add(pool.submit(() -> post(m)));
    }
    List<Result> out = new ArrayList<>();
    for (Future<Result> f : pending) {
      try {
        out.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        out.add(new Result(false, false, "interrupted"));
      } catch (ExecutionException e) {
        out.add(new Result(false, false, String.valueOf(e.getCause())));
      }
    }
    return out;
  }

  private Result post(Message m) {
    Map<String, String> headers = MessageSignatures.sign(keys, "POST", url, m.body(), m.key(),
        clock.millis() / 1000);
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout)
        .POST(HttpRequest.BodyPublishers.ofByteArray(m.body()));
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = client.send(b.build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      String answer = r.statusCode() + " " + clip(r.body());
      int st = r.statusCode();
      if (st >= 200 && st < 300) {
        return new Result(true, false, answer);
      }
      boolean again = st == 408 || st == 425 || st == 429 || st >= 500 || st < 200;
      return new Result(false, !again, answer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, false, "interrupted");
    } catch (IOException | RuntimeException e) {
      return new Result(false, false, e.getClass().getSimpleName() + ": " + clip(
          String.valueOf(e.getMessage())));
    }
  }

  private static String clip(String s) {
    return s == null ? "" : s.length() <= ANSWER_CHARS ? s : s.substring(0, ANSWER_CHARS) + "…";
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
