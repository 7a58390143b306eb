// The capture frame drawn over <camera>: a card-shaped hole (position in px, computed by the scan page
// with utils/image frameRect so that the crop uses the very same rectangle) plus the shooting tips.
Component({
  properties: {
    left: { type: Number, value: 0 },
    top: { type: Number, value: 0 },
    width: { type: Number, value: 0 },
    height: { type: Number, value: 0 },
    label: { type: String, value: '' },
  },
});
