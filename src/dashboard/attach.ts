// The dashboard of one supervisor: history fed from its events, the SSE hub, and the
// routes the metrics server serves. Made only with --metrics: the page can only be
// reached there, so without it nothing is recorded.
import type { Route } from '../metrics/http-server.js';
import { startFeed, type FeedSource } from './feed.js';
import { History, type DashboardTick, type HistoryOptions } from './history.js';
import { dashboardRoutes } from './routes.js';
import { SseHub, type SseOptions } from './sse.js';

export interface Dashboard {
  routes: Record<string, Route>;
  history: History;
  hub: SseHub;
  close(): void;
}

export function startDashboard(
  source: FeedSource,
  name: string,
  o: { history?: Partial<HistoryOptions>; sse?: Partial<SseOptions> } = {},
): Dashboard {
  const history = new History(o.history);
  const hub = new SseHub(o.sse);
  const stopFeed = startFeed(source, history, {
    record: (r) => hub.broadcast('timeline', r),
    // With no page open, a tick ends in the history: no message is built.
    tick: (t, points, status) => {
      if (hub.size) hub.broadcast('tick', { t, points, status, reasons: history.reasons() } satisfies DashboardTick);
    },
  });
  return {
    routes: dashboardRoutes({ name, hub, snapshot: () => history.snapshot(source.status()) }),
    history,
    hub,
    close: () => {
      stopFeed();
      hub.close();
    },
  };
}
