//! The Docker CLI's `docker stats` columns, computed from a stats sample.

use super::generated::ContainerStatsResponse;

impl ContainerStatsResponse {
    /// CPU use in percent of one CPU (200 % = two CPUs busy), as `docker stats` computes it on Linux: the
    /// container's CPU time delta over the host's, times the number of CPUs. 0 when the sample has no
    /// previous reading (`one-shot`, or the first sample of a stream).
    pub fn cpu_percent(&self) -> f64 {
        let (Some(cpu), Some(pre)) = (&self.cpu_stats, &self.precpu_stats) else {
            return 0.0;
        };
        let total = |s: &super::ContainerCPUStats| {
            s.cpu_usage
                .as_ref()
                .and_then(|u| u.total_usage)
                .unwrap_or(0) as f64
        };
        let cpu_delta = total(cpu) - total(pre);
        let system_delta =
            cpu.system_cpu_usage.unwrap_or(0) as f64 - pre.system_cpu_usage.unwrap_or(0) as f64;
        let cpus = match cpu.online_cpus {
            Some(n) if n > 0 => f64::from(n),
            _ => cpu
                .cpu_usage
                .as_ref()
                .and_then(|u| u.percpu_usage.as_ref())
                .map_or(0, Vec::len) as f64,
        };
        if system_delta > 0.0 && cpu_delta > 0.0 {
            cpu_delta / system_delta * cpus * 100.0
        } else {
            0.0
        }
    }

    /// Memory in use, in bytes, as `docker stats` shows it: usage minus inactive page cache
    /// (`total_inactive_file` on cgroup v1, `inactive_file` on v2).
    pub fn memory_usage(&self) -> u64 {
        let Some(mem) = &self.memory_stats else {
            return 0;
        };
        let usage = mem.usage.unwrap_or(0);
        let stats = mem.stats.as_ref();
        let inactive = stats
            .and_then(|s| s.get("total_inactive_file").copied().flatten())
            .or_else(|| stats.and_then(|s| s.get("inactive_file").copied().flatten()));
        match inactive {
            Some(i) if i < usage => usage - i,
            _ => usage,
        }
    }

    /// The memory limit in bytes (the host's memory when the container has none).
    pub fn memory_limit(&self) -> u64 {
        self.memory_stats
            .as_ref()
            .and_then(|m| m.limit)
            .unwrap_or(0)
    }

    /// Memory use in percent of the limit.
    pub fn memory_percent(&self) -> f64 {
        match self.memory_limit() {
            0 => 0.0,
            limit => self.memory_usage() as f64 / limit as f64 * 100.0,
        }
    }

    /// Bytes received and sent over all network interfaces.
    pub fn network_io(&self) -> (u64, u64) {
        self.networks
            .iter()
            .flatten()
            .fold((0, 0), |(rx, tx), (_, n)| {
                (rx + n.rx_bytes.unwrap_or(0), tx + n.tx_bytes.unwrap_or(0))
            })
    }

    /// Bytes read from and written to block devices.
    pub fn block_io(&self) -> (u64, u64) {
        let entries = self
            .blkio_stats
            .as_ref()
            .and_then(|b| b.io_service_bytes_recursive.as_ref());
        entries.into_iter().flatten().fold((0, 0), |(r, w), e| {
            let v = e.value.unwrap_or(0);
            match e.op.as_deref().and_then(|o| o.chars().next()) {
                Some('r' | 'R') => (r + v, w),
                Some('w' | 'W') => (r, w + v),
                _ => (r, w),
            }
        })
    }

    /// Number of processes.
    pub fn pids(&self) -> u64 {
        self.pids_stats
            .as_ref()
            .and_then(|p| p.current)
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_cli_columns() {
        let sample: ContainerStatsResponse = serde_json::from_value(serde_json::json!({
            "cpu_stats": {"cpu_usage": {"total_usage": 3_000_000_000u64}, "system_cpu_usage": 20_000_000_000u64, "online_cpus": 2},
            "precpu_stats": {"cpu_usage": {"total_usage": 1_000_000_000u64}, "system_cpu_usage": 10_000_000_000u64},
            "memory_stats": {"usage": 100, "limit": 400, "stats": {"inactive_file": 20}},
            "networks": {"eth0": {"rx_bytes": 5, "tx_bytes": 7}, "eth1": {"rx_bytes": 1, "tx_bytes": 1}},
            "blkio_stats": {"io_service_bytes_recursive": [{"op": "read", "value": 10}, {"op": "Write", "value": 4}, {"op": "total", "value": 14}]},
            "pids_stats": {"current": 3}
        }))
        .unwrap();
        assert!((sample.cpu_percent() - 40.0).abs() < 1e-9);
        assert_eq!(sample.memory_usage(), 80);
        assert!((sample.memory_percent() - 20.0).abs() < 1e-9);
        assert_eq!(sample.network_io(), (6, 8));
        assert_eq!(sample.block_io(), (10, 4));
        assert_eq!(sample.pids(), 3);
        assert_eq!(ContainerStatsResponse::default().cpu_percent(), 0.0);
    }
}
