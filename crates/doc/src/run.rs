//! What a pipeline runs: the representation tier its learned layers read, and which layers.

/// Which representation the learned layers read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Tier {
    /// Static word vectors: about 70 MB/s, a word means the same in every sentence.
    #[default]
    Fast,
    /// A contextual encoder: about 30 kB/s on two cores, a word read in its sentence.
    Accurate,
}

impl Tier {
    pub const ALL: [Tier; 2] = [Tier::Fast, Tier::Accurate];

    pub fn name(self) -> &'static str {
        match self {
            Tier::Fast => "fast",
            Tier::Accurate => "accurate",
        }
    }
}

impl std::str::FromStr for Tier {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Tier::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| format!("unknown tier {s:?} (expected fast or accurate)"))
    }
}

/// An analysis layer a pipeline can run (`--layers`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layer {
    /// Paragraphs, sentences and tokens (ingestion gives the text and metadata).
    Text,
    Entities,
    Attributions,
    Claims,
    Time,
    Techniques,
}

impl Layer {
    pub const ALL: [Layer; 6] = [
        Layer::Text,
        Layer::Entities,
        Layer::Attributions,
        Layer::Claims,
        Layer::Time,
        Layer::Techniques,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Layer::Text => "text",
            Layer::Entities => "entities",
            Layer::Attributions => "attributions",
            Layer::Claims => "claims",
            Layer::Time => "time",
            Layer::Techniques => "techniques",
        }
    }

    /// The layers this one reads, which run with it.
    fn needs(self) -> &'static [Layer] {
        match self {
            Layer::Text => &[],
            Layer::Entities | Layer::Techniques => &[Layer::Text],
            // Sources are linked to entity clusters.
            Layer::Attributions => &[Layer::Entities],
            // A claim's speaker is the attribution that reports it.
            Layer::Claims => &[Layer::Attributions],
            // Timeline events name the clusters they mention and who reports them.
            Layer::Time => &[Layer::Entities, Layer::Attributions],
        }
    }
}

impl std::str::FromStr for Layer {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Layer::ALL
            .into_iter()
            .find(|l| l.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Layer::ALL.iter().map(|l| l.name()).collect();
                format!("unknown layer {s:?} (expected one of {})", names.join(", "))
            })
    }
}

/// A set of layers, with every layer a member reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LayerSet(u8);

impl LayerSet {
    pub fn all() -> Self {
        LayerSet::of(Layer::ALL)
    }

    /// `layers` and the layers they read.
    pub fn of(layers: impl IntoIterator<Item = Layer>) -> Self {
        let mut set = LayerSet(0);
        let mut todo: Vec<Layer> = layers.into_iter().collect();
        while let Some(layer) = todo.pop() {
            if !set.contains(layer) {
                set.0 |= 1 << layer as u8;
                todo.extend_from_slice(layer.needs());
            }
        }
        set
    }

    pub fn contains(self, layer: Layer) -> bool {
        self.0 & (1 << layer as u8) != 0
    }
}

impl Default for LayerSet {
    fn default() -> Self {
        LayerSet::all()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layer_brings_what_it_reads() {
        let time = LayerSet::of([Layer::Time]);
        let expected = [
            Layer::Text,
            Layer::Entities,
            Layer::Attributions,
            Layer::Time,
        ];
        for layer in Layer::ALL {
            assert_eq!(time.contains(layer), expected.contains(&layer), "{layer:?}");
        }
        let text = LayerSet::of([Layer::Text]);
        assert!(Layer::ALL[1..].iter().all(|&l| !text.contains(l)));
        assert!(Layer::ALL.iter().all(|&l| LayerSet::all().contains(l)));
        assert_eq!("claims".parse::<Layer>(), Ok(Layer::Claims));
        assert!(
            "speakers"
                .parse::<Layer>()
                .unwrap_err()
                .contains("attributions")
        );
    }
}
