//! Rebalancing building captains' patches: contiguous runs of whole entrances, near an equal
//! share each (the target is about 60 households), moving as few households as it can.

use serde::{Deserialize, Serialize};

use super::Id;

/// An entrance (单元) of a building as the rebalancer sees it: in door order, with its
/// households and who covers each now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entrance {
    pub building: u32,
    pub entrance: u8,
    /// (household, its captain now)
    pub households: Vec<(Id, Option<Id>)>,
}

/// One captain's patch after rebalancing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Patch {
    pub captain: Id,
    pub before: usize,
    pub after: usize,
    /// (building, entrance) in door order.
    pub entrances: Vec<(u32, u8)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Proposal {
    pub patches: Vec<Patch>,
    /// (household, new captain) for every household whose captain changes.
    pub moves: Vec<(Id, Id)>,
}

/// A proposal that never gives doors to a captain at or over `target` households, nor makes
/// one go over it, and that leaves no more households over the target than there are now.
/// The even split (`even`) when it keeps to that; otherwise doors without a captain first
/// (a retired captain's), then whole entrances, one at a time, from the captain most over
/// the target, each to the captain with the fewest who stays within it.
pub fn propose(entrances: &[Entrance], captains: &[Id], target: usize) -> Proposal {
    let even = even(entrances, captains);
    if keeps_to(&even, target) {
        even
    } else {
        relieve(entrances, captains, target)
    }
}

/// Households over the target, added up over every captain.
fn overload(sizes: impl Iterator<Item = usize>, target: usize) -> usize {
    sizes.map(|n| n.saturating_sub(target)).sum()
}

fn keeps_to(p: &Proposal, target: usize) -> bool {
    let receives = |c: Id| p.moves.iter().any(|(_, to)| *to == c);
    let receivers_fit = p
        .patches
        .iter()
        .filter(|x| receives(x.captain))
        .all(|x| x.before < target && x.after <= target);
    receivers_fit
        && overload(p.patches.iter().map(|x| x.after), target)
            <= overload(p.patches.iter().map(|x| x.before), target)
}

/// Moves whole entrances (a captain's households in one entrance) from captains over the
/// target to captains who stay within it, while any such move is left. Each move lowers the
/// households over the target, so this ends.
fn relieve(entrances: &[Entrance], captains: &[Id], target: usize) -> Proposal {
    // (entrance, captain now, its households there)
    let mut groups: Vec<(usize, usize, Vec<Id>)> = Vec::new();
    for (i, e) in entrances.iter().enumerate() {
        for (h, now) in &e.households {
            let Some(c) = now.and_then(|now| captains.iter().position(|c| *c == now)) else {
                continue;
            };
            match groups.iter_mut().find(|(g, gc, _)| *g == i && *gc == c) {
                Some((_, _, hs)) => hs.push(*h),
                None => groups.push((i, c, vec![*h])),
            }
        }
    }
    let load = |groups: &[(usize, usize, Vec<Id>)], c: usize| -> usize {
        groups
            .iter()
            .filter(|(_, gc, _)| *gc == c)
            .map(|(_, _, hs)| hs.len())
            .sum()
    };
    let before: Vec<usize> = (0..captains.len()).map(|c| load(&groups, c)).collect();
    let mut moves: Vec<(Id, Id)> = Vec::new();
    // Doors without a captain are first in line: each entrance's go, whole, to the captain
    // with the fewest households who stays within the target.
    for (i, e) in entrances.iter().enumerate() {
        let hs: Vec<Id> = e
            .households
            .iter()
            .filter(|(_, now)| now.is_none())
            .map(|(h, _)| *h)
            .collect();
        let loads: Vec<usize> = (0..captains.len()).map(|c| load(&groups, c)).collect();
        let receiver = (0..captains.len())
            .filter(|r| loads[*r] + hs.len() <= target)
            .min_by_key(|r| (loads[*r], *r));
        if let (false, Some(r)) = (hs.is_empty(), receiver) {
            moves.extend(hs.iter().map(|h| (*h, captains[r])));
            groups.push((i, r, hs));
        }
    }
    let mut stuck = vec![false; captains.len()];
    loop {
        let loads: Vec<usize> = (0..captains.len()).map(|c| load(&groups, c)).collect();
        // The captain most over the target who can still give something.
        let Some(d) = (0..captains.len())
            .filter(|c| loads[*c] > target && !stuck[*c])
            .max_by_key(|c| (loads[*c], std::cmp::Reverse(*c)))
        else {
            break;
        };
        // Of the donor's entrances, the one that leaves the donor nearest the target, to the
        // captain with the fewest households who stays within the target.
        let mut best: Option<(usize, usize, usize)> = None; // (distance, group, receiver)
        for (g, (_, gc, hs)) in groups.iter().enumerate() {
            if *gc != d {
                continue;
            }
            let receiver = (0..captains.len())
                .filter(|r| *r != d && loads[*r] < target && loads[*r] + hs.len() <= target)
                .min_by_key(|r| (loads[*r], *r));
            if let Some(r) = receiver {
                let distance = (loads[d] - hs.len()).abs_diff(target);
                if best.is_none_or(|(bd, _, _)| distance < bd) {
                    best = Some((distance, g, r));
                }
            }
        }
        let Some((_, g, r)) = best else {
            stuck[d] = true;
            continue;
        };
        groups[g].1 = r;
        moves.extend(groups[g].2.iter().map(|h| (*h, captains[r])));
    }
    let patches = captains
        .iter()
        .enumerate()
        .map(|(c, cap)| {
            let mut held: Vec<usize> = groups
                .iter()
                .filter(|(_, gc, _)| *gc == c)
                .map(|(e, _, _)| *e)
                .collect();
            held.sort_unstable();
            held.dedup();
            Patch {
                captain: *cap,
                before: before[c],
                after: load(&groups, c),
                entrances: held
                    .iter()
                    .map(|e| (entrances[*e].building, entrances[*e].entrance))
                    .collect(),
            }
        })
        .collect();
    // A receiver stays within the target, so it never gives: no household moves twice.
    Proposal { patches, moves }
}

/// Splits the entrances, in door order, into one contiguous run per captain, each run's size
/// as near the even share as whole entrances allow. Runs go to captains so that as many
/// households as possible keep the captain they have.
fn even(entrances: &[Entrance], captains: &[Id]) -> Proposal {
    if captains.is_empty() || entrances.is_empty() {
        return Proposal::default();
    }
    let k = captains.len().min(entrances.len());
    let cuts = even_cuts(entrances, k);
    let runs: Vec<&[Entrance]> = cuts.windows(2).map(|w| &entrances[w[0]..w[1]]).collect();

    // Give each run to the captain who covers most of it now, greedily, largest overlap first.
    let mut overlap: Vec<(usize, usize, usize)> = Vec::new(); // (households kept, run, captain)
    for (r, run) in runs.iter().enumerate() {
        for (c, cap) in captains.iter().enumerate() {
            let kept = run
                .iter()
                .flat_map(|e| &e.households)
                .filter(|(_, now)| *now == Some(*cap))
                .count();
            overlap.push((kept, r, c));
        }
    }
    overlap.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut run_of: Vec<Option<usize>> = vec![None; captains.len()];
    let mut taken = vec![false; runs.len()];
    for (_, r, c) in overlap {
        if !taken[r] && run_of[c].is_none() {
            taken[r] = true;
            run_of[c] = Some(r);
        }
    }
    let mut proposal = Proposal::default();
    for (c, cap) in captains.iter().enumerate() {
        let before = entrances
            .iter()
            .flat_map(|e| &e.households)
            .filter(|(_, now)| *now == Some(*cap))
            .count();
        let run: &[Entrance] = run_of[c].map(|r| runs[r]).unwrap_or(&[]);
        for e in run {
            for (h, now) in &e.households {
                if *now != Some(*cap) {
                    proposal.moves.push((*h, *cap));
                }
            }
        }
        proposal.patches.push(Patch {
            captain: *cap,
            before,
            after: run.iter().map(|e| e.households.len()).sum(),
            entrances: run.iter().map(|e| (e.building, e.entrance)).collect(),
        });
    }
    proposal
}

/// Cut points splitting the entrances into `k` non-empty contiguous runs whose sizes are as
/// near the even share as possible (least sum of squared differences), and among equally
/// even splits the one that keeps most households with a captain they have now.
fn even_cuts(entrances: &[Entrance], k: usize) -> Vec<usize> {
    let n = entrances.len();
    let total: usize = entrances.iter().map(|e| e.households.len()).sum();
    let share = total as f64 / k as f64;
    let mut prefix = vec![0usize; n + 1];
    for (i, e) in entrances.iter().enumerate() {
        prefix[i + 1] = prefix[i] + e.households.len();
    }
    // A run's cost: its squared distance from the share, then the households that would
    // change hands if the run went to the captain who covers most of it now.
    let cost = |from: usize, to: usize| {
        let d = (prefix[to] - prefix[from]) as f64 - share;
        let mut counts: Vec<(Option<Id>, usize)> = Vec::new();
        for (_, c) in entrances[from..to].iter().flat_map(|e| &e.households) {
            match counts.iter_mut().find(|(x, _)| x == c) {
                Some((_, n)) => *n += 1,
                None => counts.push((*c, 1)),
            }
        }
        let kept = counts
            .iter()
            .filter(|(c, _)| c.is_some())
            .map(|(_, n)| *n)
            .max()
            .unwrap_or(0);
        (d * d, prefix[to] - prefix[from] - kept)
    };
    // Every run's cost once: the search below looks each up many times.
    let table: Vec<Vec<(f64, usize)>> = (0..=n)
        .map(|from| {
            (0..=n)
                .map(|to| if to > from { cost(from, to) } else { (0.0, 0) })
                .collect()
        })
        .collect();
    let add = |a: (f64, usize), b: (f64, usize)| (a.0 + b.0, a.1 + b.1);
    let better = |a: (f64, usize), b: (f64, usize)| {
        a.0 < b.0 - 1e-9 || ((a.0 - b.0).abs() <= 1e-9 && a.1 < b.1)
    };
    // best[j][i]: least cost of the first i entrances in j runs; from[j][i]: where run j starts.
    let mut best = vec![vec![(f64::INFINITY, usize::MAX); n + 1]; k + 1];
    let mut from = vec![vec![0usize; n + 1]; k + 1];
    best[0][0] = (0.0, 0);
    for j in 1..=k {
        for i in j..=n {
            for start in (j - 1)..i {
                if best[j - 1][start].0.is_infinite() {
                    continue;
                }
                let c = add(best[j - 1][start], table[start][i]);
                if better(c, best[j][i]) {
                    best[j][i] = c;
                    from[j][i] = start;
                }
            }
        }
    }
    let mut cuts = vec![n];
    let mut i = n;
    for j in (1..=k).rev() {
        i = from[j][i];
        cuts.push(i);
    }
    cuts.reverse();
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entrance(building: u32, entrance: u8, first: Id, n: usize, captain: Option<Id>) -> Entrance {
        Entrance {
            building,
            entrance,
            households: (0..n as Id).map(|i| (first + i, captain)).collect(),
        }
    }

    #[test]
    fn uneven_patches_come_out_near_even_with_entrances_whole() {
        // Captain 1 covers 100 households, captain 2 covers 20: 120 in all, 60 each is the aim.
        let es = vec![
            entrance(1, 1, 100, 40, Some(1)),
            entrance(1, 2, 200, 30, Some(1)),
            entrance(2, 1, 300, 30, Some(1)),
            entrance(2, 2, 400, 20, Some(2)),
        ];
        let p = propose(&es, &[1, 2], 60);
        let sizes: Vec<(Id, usize, usize)> = p
            .patches
            .iter()
            .map(|x| (x.captain, x.before, x.after))
            .collect();
        assert_eq!(sizes, vec![(1, 100, 70), (2, 20, 50)]);
        assert_eq!(p.patches[1].entrances, vec![(2, 1), (2, 2)]);
        assert_eq!(
            p.moves.len(),
            30,
            "only building 2 entrance 1 changes hands"
        );
        assert!(p
            .moves
            .iter()
            .all(|(h, c)| (300..330).contains(h) && *c == 2));
    }

    #[test]
    fn doors_without_a_captain_are_given_out_first() {
        // 5 covers 80 (two entrances of 40, each too big to pass on), 6 covers 20, and the
        // 10 doors of 1-2 have no captain: the even split would hand them to 5, over the aim.
        let es = vec![
            entrance(1, 1, 100, 40, Some(5)),
            entrance(1, 2, 200, 10, None),
            entrance(2, 1, 300, 40, Some(5)),
            entrance(2, 2, 400, 20, Some(6)),
        ];
        let p = propose(&es, &[5, 6], 60);
        let sizes: Vec<(Id, usize, usize)> = p
            .patches
            .iter()
            .map(|x| (x.captain, x.before, x.after))
            .collect();
        assert_eq!(sizes, vec![(5, 80, 80), (6, 20, 30)]);
        assert_eq!(p.patches[1].entrances, vec![(1, 2), (2, 2)]);
        assert_eq!(p.moves, (200..210).map(|h| (h, 6)).collect::<Vec<_>>());
    }

    #[test]
    fn balanced_patches_stay_as_they_are() {
        let es = vec![
            entrance(1, 1, 1, 60, Some(7)),
            entrance(1, 2, 100, 60, Some(8)),
            entrance(2, 1, 200, 60, Some(9)),
        ];
        let p = propose(&es, &[7, 8, 9], 60);
        assert!(p.moves.is_empty(), "{p:?}");
        assert!(p.patches.iter().all(|x| x.after == 60));
    }

    #[test]
    fn an_equally_even_split_that_moves_nobody_wins() {
        // 91 covers 3-1 and 5-1, 90 covers 5-2: sizes 1 | 2 | 1 with two captains.
        let es = vec![
            entrance(3, 1, 1, 1, Some(91)),
            entrance(5, 1, 10, 2, Some(91)),
            entrance(5, 2, 20, 1, Some(90)),
        ];
        let p = propose(&es, &[90, 91], 60);
        assert!(p.moves.is_empty(), "{p:?}");
    }

    #[test]
    fn nothing_to_do_without_captains_or_doors() {
        assert_eq!(propose(&[], &[1], 60), Proposal::default());
        assert_eq!(
            propose(&[entrance(1, 1, 1, 5, None)], &[], 60),
            Proposal::default()
        );
    }
}
