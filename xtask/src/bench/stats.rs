//! Median, minimum and maximum of a set of timings.

use std::time::Duration;

pub struct Stats {
    pub median: Duration,
    pub min: Duration,
    pub max: Duration,
}

impl Stats {
    /// Sorts `times` (not empty); the median of an even count is the mean of the middle two.
    pub fn of(times: &mut [Duration]) -> Self {
        times.sort();
        let mid = times.len() / 2;
        let median = if times.len().is_multiple_of(2) {
            (times[mid - 1] + times[mid]) / 2
        } else {
            times[mid]
        };
        Self {
            median,
            min: times[0],
            max: times[times.len() - 1],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_min_and_max_of_odd_and_even_counts() {
        let ms = Duration::from_millis;
        let odd = Stats::of(&mut [ms(30), ms(10), ms(20)]);
        assert_eq!((odd.median, odd.min, odd.max), (ms(20), ms(10), ms(30)));
        let even = Stats::of(&mut [ms(40), ms(10), ms(20), ms(30)]);
        assert_eq!((even.median, even.min, even.max), (ms(25), ms(10), ms(40)));
    }
}
