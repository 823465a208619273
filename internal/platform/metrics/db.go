package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

var (
	poolConns = prometheus.NewDesc("portal_db_pool_connections", "Connections of the pool by state.", []string{"state"}, nil)
	poolMax   = prometheus.NewDesc("portal_db_pool_max_connections", "The pool's size (DATABASE_MAX_CONNS).", nil, nil)
	poolWaits = prometheus.NewDesc("portal_db_pool_empty_acquires_total",
		"Acquires that had to wait for a connection: the pool is too small or the database slow.", nil, nil)
	poolWait = prometheus.NewDesc("portal_db_pool_acquire_wait_seconds_total", "Time spent waiting for a connection.", nil, nil)
	poolAcq  = prometheus.NewDesc("portal_db_pool_acquires_total", "Connections acquired from the pool.", nil, nil)

	outboxWaiting = prometheus.NewDesc("portal_outbox_waiting", "Mails waiting to be sent.", nil, nil)
	outboxFailed  = prometheus.NewDesc("portal_outbox_failed", "Mails given up (mislukt), kept for the retention period.", nil, nil)
	outboxOldest  = prometheus.NewDesc("portal_outbox_oldest_due_seconds", "How long the oldest due mail has waited.", nil, nil)
	reminderLag   = prometheus.NewDesc("portal_reminder_lag_seconds", "How late the most overdue event reminder is.", nil, nil)
	dashboardLag  = prometheus.NewDesc("portal_dashboard_refresh_lag_seconds",
		"How long the most overdue dashboard snapshot has been due for a refresh; one that keeps growing means the refresher falls behind.", nil, nil)
	readConns    = prometheus.NewDesc("portal_db_read_pool_connections", "Connections of the read replica's pool (DATABASE_READ_URL) by state.", []string{"state"}, nil)
	readMax      = prometheus.NewDesc("portal_db_read_pool_max_connections", "The read replica pool's size.", nil, nil)
	readWaits    = prometheus.NewDesc("portal_db_read_pool_empty_acquires_total", "Acquires from the read replica's pool that had to wait.", nil, nil)
	scrapeErrors = prometheus.NewDesc("portal_metrics_db_up", "1 when the queue metrics could be read from the database.", nil, nil)
)

// dbCollector reads the pool's statistics and the queues on every scrape,
// with a short timeout, so a database outage shows as portal_metrics_db_up 0
// instead of a hanging scrape.
type dbCollector struct{}

func (c *dbCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolConns, poolMax, poolWaits, poolWait, poolAcq, outboxWaiting, outboxFailed, outboxOldest, reminderLag, dashboardLag,
		readConns, readMax, readWaits, scrapeErrors} {
		ch <- d
	}
}

func (c *dbCollector) Collect(ch chan<- prometheus.Metric) {
	src := dbSources.Load()
	if src == nil {
		return
	}
	if p := src.Pool; p != nil {
		st := p.Stat()
		ch <- prometheus.MustNewConstMetric(poolConns, prometheus.GaugeValue, float64(st.AcquiredConns()), "acquired")
		ch <- prometheus.MustNewConstMetric(poolConns, prometheus.GaugeValue, float64(st.IdleConns()), "idle")
		ch <- prometheus.MustNewConstMetric(poolConns, prometheus.GaugeValue, float64(st.ConstructingConns()), "constructing")
		ch <- prometheus.MustNewConstMetric(poolMax, prometheus.GaugeValue, float64(st.MaxConns()))
		ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(st.EmptyAcquireCount()))
		ch <- prometheus.MustNewConstMetric(poolWait, prometheus.CounterValue, st.AcquireDuration().Seconds())
		ch <- prometheus.MustNewConstMetric(poolAcq, prometheus.CounterValue, float64(st.AcquireCount()))
	}
	if p := src.ReadPool; p != nil {
		st := p.Stat()
		ch <- prometheus.MustNewConstMetric(readConns, prometheus.GaugeValue, float64(st.AcquiredConns()), "acquired")
		ch <- prometheus.MustNewConstMetric(readConns, prometheus.GaugeValue, float64(st.IdleConns()), "idle")
		ch <- prometheus.MustNewConstMetric(readMax, prometheus.GaugeValue, float64(st.MaxConns()))
		ch <- prometheus.MustNewConstMetric(readWaits, prometheus.CounterValue, float64(st.EmptyAcquireCount()))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	up := 1.0
	if src.Outbox != nil {
		if waiting, failed, oldest, err := src.Outbox(ctx); err != nil {
			up = 0
		} else {
			ch <- prometheus.MustNewConstMetric(outboxWaiting, prometheus.GaugeValue, float64(waiting))
			ch <- prometheus.MustNewConstMetric(outboxFailed, prometheus.GaugeValue, float64(failed))
			ch <- prometheus.MustNewConstMetric(outboxOldest, prometheus.GaugeValue, oldest.Seconds())
		}
	}
	if src.ReminderLag != nil {
		if lag, err := src.ReminderLag(ctx); err != nil {
			up = 0
		} else {
			ch <- prometheus.MustNewConstMetric(reminderLag, prometheus.GaugeValue, lag.Seconds())
		}
	}
	if src.DashboardLag != nil {
		if lag, err := src.DashboardLag(ctx); err != nil {
			up = 0
		} else {
			ch <- prometheus.MustNewConstMetric(dashboardLag, prometheus.GaugeValue, lag.Seconds())
		}
	}
	ch <- prometheus.MustNewConstMetric(scrapeErrors, prometheus.GaugeValue, up)
}
