//! The browse tree: communities, their grids (levels 1–4) and buildings, flattened for display.

use std::collections::{BTreeSet, HashMap};

use crate::model::Id;
use crate::store::query::Overview;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeKind {
    Community(Id),
    Grid(Id),
    Building(Id),
}

#[derive(Debug, Clone)]
pub struct Node {
    pub kind: NodeKind,
    pub name: String,
    /// For buildings, the building number (labels are made per language when drawn).
    pub number: u32,
    pub depth: u8,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct NavTree {
    pub nodes: Vec<Node>,
    roots: Vec<usize>,
    expanded: BTreeSet<usize>,
    /// The nodes shown, in order.
    pub visible: Vec<usize>,
    /// Index into `visible`.
    pub cursor: usize,
    by_kind: HashMap<NodeKind, usize>,
}

impl NavTree {
    pub fn build(o: &Overview) -> NavTree {
        let mut t = NavTree::default();
        let mut communities = o.communities.clone();
        communities.sort_by_key(|c| c.id);
        for c in &communities {
            let i = t.push(NodeKind::Community(c.id), c.name.clone(), 0, 0, None);
            t.roots.push(i);
        }
        let mut grids = o.grids.clone();
        grids.sort_by_key(|g| (g.level, g.id));
        for g in &grids {
            let parent = match g.parent {
                Some(p) => t.by_kind.get(&NodeKind::Grid(p)).copied(),
                None => t.by_kind.get(&NodeKind::Community(g.community)).copied(),
            };
            let depth = parent.map_or(0, |p| t.nodes[p].depth + 1);
            t.push(NodeKind::Grid(g.id), g.name.clone(), 0, depth, parent);
        }
        let mut buildings = o.buildings.clone();
        buildings.sort_by_key(|b| (b.community, b.number));
        for b in &buildings {
            let parent = t
                .by_kind
                .get(&NodeKind::Grid(b.grid))
                .or_else(|| t.by_kind.get(&NodeKind::Community(b.community)))
                .copied();
            let depth = parent.map_or(0, |p| t.nodes[p].depth + 1);
            t.push(
                NodeKind::Building(b.id),
                String::new(),
                b.number,
                depth,
                parent,
            );
        }
        t.refresh();
        t
    }

    fn push(
        &mut self,
        kind: NodeKind,
        name: String,
        number: u32,
        depth: u8,
        parent: Option<usize>,
    ) -> usize {
        let i = self.nodes.len();
        self.nodes.push(Node {
            kind,
            name,
            number,
            depth,
            parent,
            children: Vec::new(),
        });
        if let Some(p) = parent {
            self.nodes[p].children.push(i);
        }
        self.by_kind.insert(kind, i);
        i
    }

    fn refresh(&mut self) {
        let current = self.visible.get(self.cursor).copied();
        self.visible.clear();
        let mut stack: Vec<usize> = self.roots.iter().rev().copied().collect();
        while let Some(i) = stack.pop() {
            self.visible.push(i);
            if self.expanded.contains(&i) {
                stack.extend(self.nodes[i].children.iter().rev());
            }
        }
        self.cursor = current
            .and_then(|c| self.visible.iter().position(|v| *v == c))
            .unwrap_or(0)
            .min(self.visible.len().saturating_sub(1));
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn is_expanded(&self, node: usize) -> bool {
        self.expanded.contains(&node)
    }

    pub fn selected(&self) -> Option<&Node> {
        self.visible.get(self.cursor).map(|i| &self.nodes[*i])
    }

    pub fn selected_index(&self) -> Option<usize> {
        self.visible.get(self.cursor).copied()
    }

    /// Moves the cursor by `delta` rows, stopping at the ends.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.visible.len().saturating_sub(1) as isize;
        self.cursor = (self.cursor as isize + delta).clamp(0, last.max(0)) as usize;
    }

    pub fn move_to_end(&mut self, end: bool) {
        self.cursor = if end {
            self.visible.len().saturating_sub(1)
        } else {
            0
        };
    }

    /// Expands the selected node; false when it has nothing to expand or already is.
    pub fn expand(&mut self) -> bool {
        match self.selected_index() {
            Some(i) if !self.nodes[i].children.is_empty() && !self.expanded.contains(&i) => {
                self.expanded.insert(i);
                self.refresh();
                true
            }
            _ => false,
        }
    }

    /// Collapses the selected node, or moves to its parent when it is already collapsed.
    pub fn collapse_or_parent(&mut self) {
        let Some(i) = self.selected_index() else {
            return;
        };
        if self.expanded.remove(&i) {
            self.refresh();
        } else if let Some(p) = self.nodes[i].parent {
            self.select_node(p);
        }
    }

    /// Selects a node, expanding everything above it.
    pub fn select_node(&mut self, node: usize) {
        let mut up = self.nodes[node].parent;
        while let Some(p) = up {
            self.expanded.insert(p);
            up = self.nodes[p].parent;
        }
        self.refresh();
        if let Some(pos) = self.visible.iter().position(|v| *v == node) {
            self.cursor = pos;
        }
    }

    pub fn find(&self, kind: NodeKind) -> Option<usize> {
        self.by_kind.get(&kind).copied()
    }

    /// Every community in the tree: its id and name.
    pub fn communities(&self) -> Vec<(Id, &str)> {
        self.nodes
            .iter()
            .filter_map(|n| match n.kind {
                NodeKind::Community(c) => Some((c, n.name.as_str())),
                _ => None,
            })
            .collect()
    }

    /// The community the selected node belongs to.
    pub fn community_of_selection(&self) -> Option<Id> {
        self.community_of(self.selected_index()?)
    }

    /// The community node `i` belongs to.
    pub fn community_of(&self, mut i: usize) -> Option<Id> {
        loop {
            if let NodeKind::Community(c) = self.nodes[i].kind {
                return Some(c);
            }
            i = self.nodes[i].parent?;
        }
    }

    /// The first building in tree order, for the opening selection.
    pub fn first_building(&self) -> Option<usize> {
        let mut stack: Vec<usize> = self.roots.iter().rev().copied().collect();
        while let Some(i) = stack.pop() {
            if matches!(self.nodes[i].kind, NodeKind::Building(_)) {
                return Some(i);
            }
            stack.extend(self.nodes[i].children.iter().rev());
        }
        None
    }

    /// Buildings and grids below a node, for the summary of a community or grid.
    pub fn counts_below(&self, node: usize) -> (usize, usize) {
        let (mut grids, mut buildings) = (0, 0);
        let mut stack = self.nodes[node].children.clone();
        while let Some(i) = stack.pop() {
            match self.nodes[i].kind {
                NodeKind::Grid(_) => grids += 1,
                NodeKind::Building(_) => buildings += 1,
                NodeKind::Community(_) => {}
            }
            stack.extend(self.nodes[i].children.iter().copied());
        }
        (grids, buildings)
    }
}
